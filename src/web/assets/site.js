// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  var exit = document.querySelector("a.quick-exit");
  // Esc leaves at once, replacing this page in history so Back does not return here.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && exit) {
      window.location.replace(exit.href);
    }
  });
  if (exit) {
    exit.addEventListener("click", function (event) {
      event.preventDefault();
      window.location.replace(exit.href);
    });
  }
  // The referral bar: once a program is ticked it stays at the bottom of the screen
  // and counts the ticks (without this script it is a button after the list).
  var referral = document.getElementById("referral-form");
  if (referral) {
    var bar = referral.querySelector(".referral-bar");
    var submit = bar && bar.querySelector("button");
    // The words come from the page, in its language: "{n} selected · …".
    var idle = submit && submit.textContent;
    var update = function () {
      var ticked = referral.querySelectorAll("input[name=ids]:checked").length;
      bar.classList.toggle("active", ticked > 0);
      submit.textContent = ticked > 0
        ? (submit.getAttribute("data-selected") || "{n}").replace("{n}", ticked)
        : idle;
    };
    if (bar && submit) {
      referral.addEventListener("change", update);
      update();
    }
  }
  // "Use my location": computed in the browser, sent once as coordinates rounded to
  // about a kilometre (2 decimals), never stored.
  var button = document.getElementById("use-location");
  if (button && "geolocation" in navigator) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var form = button.form;
      button.disabled = true;
      button.textContent = button.getAttribute("data-finding");
      navigator.geolocation.getCurrentPosition(function (position) {
        form.elements.lat.value = position.coords.latitude.toFixed(2);
        form.elements.lon.value = position.coords.longitude.toFixed(2);
        form.elements.near.value = "";
        form.submit();
      }, function () {
        button.disabled = false;
        button.textContent = button.getAttribute("data-unavailable");
      }, { timeout: 10000, maximumAge: 600000 });
    });
  }
})();
