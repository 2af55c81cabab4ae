//! Times, days, months and dates as each language writes them ("10 pm" / "10 p. m.",
//! "Mon" / "lun", "July 2026" / "julio de 2026"), and which language a browser asks for.

use super::Lang;

/// A minute of the day on a 12-hour clock, as people say it: "9 am", "5:30 pm",
/// "noon", "midnight" / "9 a. m.", "5:30 p. m.", "mediodía", "medianoche".
pub fn clock(lang: Lang, minute: u16) -> String {
    let (hour, minutes) = ((minute / 60) % 24, minute % 60);
    match (hour, minutes) {
        (0, 0) => lang.tr("time.midnight").to_string(),
        (12, 0) => lang.tr("time.noon").to_string(),
        _ => {
            let (shown, half) = match hour {
                0 => (12, lang.tr("time.am")),
                1..=11 => (hour, lang.tr("time.am")),
                12 => (12, lang.tr("time.pm")),
                _ => (hour - 12, lang.tr("time.pm")),
            };
            if minutes == 0 {
                format!("{shown} {half}")
            } else {
                format!("{shown}:{minutes:02} {half}")
            }
        }
    }
}

/// "at" a time, as the language says it: "10 pm" in English after "closes";
/// "a las 10 p. m.", "a la 1 p. m.", "a medianoche", "al mediodía" in Spanish.
pub fn at_clock(lang: Lang, minute: u16) -> String {
    let hour = (minute / 60) % 24;
    let clock = clock(lang, minute);
    match (minute % (24 * 60), hour) {
        (0, _) => lang.tr("time.at_midnight").to_string(),
        (720, _) => lang.tr("time.at_noon").to_string(),
        (_, 1 | 13) => lang.trf("time.at_one", &[("clock", &clock)]),
        _ => lang.trf("time.at_other", &[("clock", &clock)]),
    }
}

/// A weekday (0 = Monday): short ("Mon", "lun") or whole ("Monday", "lunes").
pub fn day_name(lang: Lang, day: u8, short: bool) -> &'static str {
    const SHORT: [&str; 7] = [
        "time.day_short.mon",
        "time.day_short.tue",
        "time.day_short.wed",
        "time.day_short.thu",
        "time.day_short.fri",
        "time.day_short.sat",
        "time.day_short.sun",
    ];
    const LONG: [&str; 7] = [
        "time.day.mon",
        "time.day.tue",
        "time.day.wed",
        "time.day.thu",
        "time.day.fri",
        "time.day.sat",
        "time.day.sun",
    ];
    let keys = if short { &SHORT } else { &LONG };
    lang.tr(keys[usize::from(day % 7)])
}

/// A month's name (1 = January).
pub fn month_name(lang: Lang, month: u32) -> &'static str {
    const MONTHS: [&str; 12] = [
        "time.month.jan",
        "time.month.feb",
        "time.month.mar",
        "time.month.apr",
        "time.month.may",
        "time.month.jun",
        "time.month.jul",
        "time.month.aug",
        "time.month.sep",
        "time.month.oct",
        "time.month.nov",
        "time.month.dec",
    ];
    lang.tr(MONTHS[(month.clamp(1, 12) - 1) as usize])
}

/// Whether an `Accept-Language` header ranks Spanish above English: the highest
/// weight wins, and between equal weights the one listed first. A header naming
/// neither, or English first, is not a preference for Spanish.
pub fn accept_prefers_spanish(header: &str) -> bool {
    let mut best: Option<(f32, usize, bool)> = None;
    for (position, entry) in header.split(',').enumerate().take(32) {
        let mut parts = entry.split(';');
        let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let primary = tag.split('-').next().unwrap_or("");
        let spanish = match primary {
            "es" => true,
            "en" => false,
            _ => continue,
        };
        let weight = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .filter_map(|q| q.trim().parse::<f32>().ok())
            .next()
            .unwrap_or(1.0);
        if !(weight > 0.0 && weight <= 1.0) {
            continue;
        }
        let better = match best {
            None => true,
            Some((w, _, _)) => weight > w,
        };
        if better {
            best = Some((weight, position, spanish));
        }
    }
    best.is_some_and(|(_, _, spanish)| spanish)
}

/// A day as the language writes it: "November 27, 2026" / "27 de noviembre de 2026".
pub fn date(lang: Lang, date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    lang.trf(
        "time.date",
        &[
            ("month", &month_name(lang, date.month())),
            ("day", &date.day()),
            ("year", &date.year()),
        ],
    )
}

/// A month of a year: "July 2026" / "julio de 2026".
pub fn month_year(lang: Lang, month: u32, year: i32) -> String {
    lang.trf(
        "time.month_year",
        &[("month", &month_name(lang, month)), ("year", &year)],
    )
}
