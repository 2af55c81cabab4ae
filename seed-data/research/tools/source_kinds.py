"""Classify a source URL by what kind of page it is, and read a content date from its
address where the address carries one (news and WordPress paths: /2019/08/07/,
/uploads/2026/03/). Used once, on 2026-12-02, to give every existing source in
seed-data/programs a `kind` and, where the address dates it, a `dated`; curators set
both by hand from then on. The lists below were made by reading every host then cited.
"""
import re
from urllib.parse import urlparse

DIRECTORY = {"power2u.org", "nj211.org", "myfirstlink.org", "ruralhealthinfo.org",
             "warmline.org", "findtreatment.gov", "m2.icarol.com"}
REPORT = {"csgjusticecenter.org", "naco.org", "talk.crisisnow.com", "calhospital.org",
          "mentalhealthcampaign.org", "hcintercept.org", "internationalmentalhealth.org",
          "merage.org", "familyandcaregivertoolkit.org", "washtenaw-mentalhealthmillage-impact.org"}
# Aggregators, mirrors, scraped copies, staging copies and content farms.
COPY = {"citizenportal.ai", "courtwatch2pac.com", "newsbreak.com", "yahoo.com", "pressreader.com",
        "einpresswire.com", "studylib.net", "casetext.com", "redlib.franklyflawless.org",
        "sever00.hoke.eu.org", "roomrefurb.co.uk", "digitalsduniya.com", "morningpost.in",
        "franceherald.com", "somethinjumpinrabbits.com", "brightgram.com", "kribam.com",
        "yatooblog.com", "goeddieo.com", "daily8.com", "news.myworldfix.com",
        "health.nginx.f2-env-bdpw-qa.balt01.us2.amazee.io", "staging.mentalhealthsf.org",
        "delconew.azurewebsites.net", "kindnesschampions.com", "asinglemother.org", "agebuzz.com",
        "blomaca.com", "dpressio.com", "replapointe.com", "ifitnessmag.com", "addictionnewsnow.com",
        "medicalnews.md", "thehennegroup.com", "theroxboroughgroup.com",
        "criminal-justice-online-courses.blogspot.com", "phoenixtraininggroup.online",
        "memphis-cms.altnuxt.com", "shawmedia-shaw-local-prod.web.arc-cdn.net",
        "en.wikipedia.org", "theodysseyonline.com", "themighty.com", "thecaregiverspace.org",
        "citylifestyle.com", "vindyarchives.com", "sfbayca.com", "giant.fm", "meganreneerahm.com"}
GOVERNMENT_HOSTS = {"muni.org", "cabq.gov", "denvergov.org", "orlando.gov", "orangecountyfl.net",
                    "nashville.gov", "cityofmadison.com", "columbus.gov", "cityoftulsa.org",
                    "sfmayor.org", "vincentcgray.com", "a19.asmdc.org", "cincinnati-oh.gov",
                    "multco.us", "mentalhealth.cityofnewyork.us", "scdmh.net", "cwcc.us",
                    "co.washington.pa.us", "meetings.washtenaw.org", "cams.ocgov.com",
                    "district5.sccgov.org", "dupagejjc.org", "watertownps.org", "sfisd.net"}
NEWS_HOSTS = {"tucsonsentinel.com", "nhpr.org", "whyy.org", "pressherald.com", "cbsnews.com", "tmj4.com", "wtnh.com",
              "dailyuw.com", "sentinelsource.com", "secondwavemedia.com", "fox2detroit.com",
              "easternnewmexiconews.com", "laist.com", "kpbs.org", "ajc.com", "theaugustapress.com",
              "kjrh.com", "primerahora.com", "sunjournal.com", "clintonherald.com",
              "wyomingpublicmedia.org", "baltimoresun.com", "times-news.com", "ctbythenumbers.news",
              "fwrnews.com", "nwaonline.com", "dailyjournal.net", "businessnhmagazine.com",
              "communitytimessc.com", "postandcourier.com", "theanchor.news", "providencejournal.com",
              "kgw.com", "elkhornmediagroup.com", "bluemountaineagle.com", "kticradio.com",
              "wadenapj.com", "mycentraljersey.com", "verona.patch.com", "mercertimes.com", "nj.com",
              "themanchestermirror.com", "thehamtramckreview.com", "themetrodetroitnews.com",
              "clickondetroit.com", "abc12.com", "wmdt.com", "share.upmc.com", "radio.wpsu.org",
              "oneunitedlancaster.com", "delcotimes.com", "statecollege.com", "www2.readingeagle.com",
              "theburgnews.com", "yorkdispatch.com", "tyronepa.com", "themississippimonitor.com",
              "rhcjcnews.com", "losalamosreporter.com", "lcsun-news.com", "abqjournal.com", "kcur.org",
              "wichitajournalism.org", "thestreetspirit.org", "sacbee.com", "eastcountymagazine.org",
              "muwekmatimes.com", "santacruzsentinel.com", "10news.com", "oaklandside.org", "smdp.com",
              "bayareareporter.net", "sanfernandosun.com", "scotscoop.com", "sanmateocountynews.com",
              "kqed.org", "healthbeat.beehiiv.com", "fox5atlanta.com", "deseret.com", "fox13now.com",
              "deseretnews.com", "tooeleonline.com", "wiac740.com", "wbrz.com", "businessreport.com",
              "cenlanow.com", "kplctv.com", "wdtn.com", "cleveland.com", "thelandcle.org",
              "baynews9.com", "mainepublic.org", "newscentermaine.com", "yankton.net",
              "southdakotaagconnection.com", "mitchellrepublic.com", "nashvillescene.com",
              "highgroundnews.com", "wsmv.com", "tennesseeledger.com", "correctionalnews.com",
              "alaskapublic.org", "homernews.com", "skagwaynews.com", "3newsnow.com",
              "sandhillspost.net", "westplainsdailyquill.net", "advocate.com", "myloves299.com",
              "katu.com", "oregonlive.com", "pamplinmedia.com", "iowacapitaldispatch.com",
              "cpioneer.com", "k2radio.com", "wyomingnews.com", "health.wusf.usf.edu", "sptimes.com",
              "fox13news.com", "alligator.org", "wlrn.org", "wusf.org", "83degreesmedia.com",
              "baltimoretimes-online.com", "azcentral.com", "yourwestvalley.com", "abc15.com",
              "gilbertsunnews.com", "postregister.com", "idahostatesman.com", "ktvb.com",
              "magicvalley.com", "nbcwashington.com", "washingtoncitypaper.com", "kentucky.com",
              "menomonienewsnet.beehiiv.com", "cbs58.com", "wisconsinhealthnews.com",
              "lacrossetribune.com", "postcrescent.com", "jsonline.com", "denvervoice.org",
              "journal-advocate.com", "nbc11news.com", "knpr.org", "greatbasinsun.com", "kolotv.com",
              "fox5vegas.com", "reviewjournal.com", "govtech.com", "alreporter.com",
              "truenorthreports.com", "vtdigger.org", "vermontpublic.org", "elmcitycompass.org",
              "volunteerozarks.com", "ozarksindependent.com", "kansascity.com",
              "publicnewsservice.org", "mybuckhannon.com", "parsonsadvocate.com", "evanstonnow.com",
              "isba.org", "wcia.com", "dailyherald.com", "daily-journal.com", "shawlocal.com",
              "woodstockadvocate.blogspot.com", "pvcnr.com", "minotdailynews.com", "fargomonthly.com",
              "kxnet.com", "kfyrtv.com", "hawaiipublicradio.org", "staradvertiser.com", "kxan.com",
              "kvue.com", "corsicanadailysun.com", "dallascitynews.net", "communityimpact.com",
              "wcnc.com", "charlotteobserver.com", "abc11.com", "610kona.com", "king5.com",
              "xceptionalteens.blogspot.com", "nordicnews.net", "naturalawakeningsboston.com",
              "minnpost.com", "startribune.com", "statenislander.org", "wgrz.com",
              "spectrumlocalnews.com", "wrvo.org", "gothamist.com", "behavioralhealthnews.org",
              "wshu.org", "hudsonvalleypress.com", "poughkeepsiejournal.com", "wxxinews.org",
              "rochesterfirst.com", "deltaplexnews.com", "arkansasonline.com", "kark.com",
              "new-origin.patch.com", "potomacalmanac.com", "fcnp.com", "gazetteleader.com",
              "wtkr.com", "mirrorindy.org", "wfyi.org", "kyssfm.com", "blackfootvalleydispatch.com",
              "billingsgazette.com", "montanafreepress.org", "missoulian.com", "pacesconnection.com",
              "translifeline.medium.com", "investinvermont.org", "thevillage.org", "weeklyview.net"}


def host_of(url):
    return (urlparse(url).hostname or "").lower().removeprefix("www.")


def kind_of(url, website=""):
    """The kind of page `url` is, for a program whose own website is `website`."""
    host = host_of(url)
    if host in COPY:
        return "copy"
    if host in DIRECTORY or (host == "nami.org" and "/uploads/" in url):
        return "directory"
    if host in REPORT:
        return "report"
    if (host.endswith(".gov") or ".gov." in host or host.endswith(".us")
            or ".state." in host or host in GOVERNMENT_HOSTS):
        return "government"
    if host in NEWS_HOSTS:
        return "news"
    path = urlparse(url).path.strip("/")
    if website and host_of(website) == host:
        same_page = url.rstrip("/") == website.rstrip("/")
        return "program" if same_page or path else "operator"
    return "program" if path else "operator"


DATE_IN_PATH = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])(?:/(0[1-9]|[12]\d|3[01]))?/")
ISO_IN_PATH = re.compile(r"[/-]((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:[/-]|$)")


def date_in_address(url):
    """`YYYY-MM[-DD]` when the address carries the content's date, else ""."""
    path = urlparse(url).path
    for pattern in (DATE_IN_PATH, ISO_IN_PATH):
        m = pattern.search(path + "/")
        if m:
            return "-".join(g for g in m.groups() if g)
    return ""
