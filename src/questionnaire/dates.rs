//! Calendar arithmetic for date questions: what `days_since(q)` and
//! `months_since(q)` count, and the bounds `not_before` / `not_after`.
//!
//! `static/js/assessment.js` counts the same way (its `since`), and the
//! differential test holds the two to the same numbers on end-of-month
//! dates and leap years. Month arithmetic is `jiff`'s: adding a month to
//! 31 January gives the last day of February (the day is clamped).

use jiff::ToSpan;
use jiff::civil::Date;

use super::ops::DateUnit;

/// The day the analysis counts to: the end of a 31-day month after a short
/// February, so months counted back from it meet clamped days.
pub const REFERENCE_TODAY: Date = Date::constant(2025, 3, 31);

/// A site date as a calendar date.
pub fn civil(date: crate::date::Date) -> Date {
    let (y, m, d) = date.ymd();
    Date::new(y as i16, m as i8, d as i8).unwrap_or(REFERENCE_TODAY)
}

/// Whole days from `from` to `to` (negative when `from` is later).
pub fn days_between(from: Date, to: Date) -> i64 {
    let days = |d: Date| {
        d.since(Date::constant(1970, 1, 1))
            .map_or(0, |span| i64::from(span.get_days()))
    };
    days(to) - days(from)
}

/// Whole calendar months from `from` to `to`: the largest `n` such that
/// `from` plus `n` months (the day clamped to the month's last) is not after
/// `to`; negative, counted the same way back, when `from` is later.
/// 31 January to 28 February 2025 is 1; 31 January to 28 February 2024 is 0
/// (February 2024 has a 29th); 15 March to 14 April is 0, to 15 April 1.
pub fn months_between(from: Date, to: Date) -> i64 {
    if from > to {
        return -months_between(to, from);
    }
    let mut n = (i64::from(to.year()) - i64::from(from.year())) * 12 + i64::from(to.month())
        - i64::from(from.month());
    // At most one too many: the day of `from` may be past the day of `to`.
    if plus_months(from, n).is_none_or(|d| d > to) {
        n -= 1;
    }
    n
}

/// `date` plus `n` months, the day clamped; `None` past the calendar's range.
fn plus_months(date: Date, n: i64) -> Option<Date> {
    date.checked_add(n.months()).ok()
}

/// What a date function gives for an answer on `today`.
pub fn since(unit: DateUnit, date: Date, today: Date) -> f64 {
    match unit {
        DateUnit::Days => days_between(date, today) as f64,
        DateUnit::Months => months_between(date, today) as f64,
    }
}

/// `date` moved by `n` of `unit` (back when `n` is negative), for the
/// analysis's candidate answers.
pub fn shifted(date: Date, unit: DateUnit, n: i64) -> Option<Date> {
    match unit {
        DateUnit::Days => date.checked_add(n.days()).ok(),
        DateUnit::Months => plus_months(date, n),
    }
}

/// A bound of a date question: `today` or a fixed date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// The day the person answers.
    Today,
    /// A fixed date.
    Fixed(Date),
}

impl Bound {
    /// `today` or `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Bound> {
        if text == "today" {
            return Some(Bound::Today);
        }
        let well_formed = text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !well_formed {
            return None;
        }
        text.parse::<Date>().ok().map(Bound::Fixed)
    }

    /// The date it stands for on `today`.
    pub fn on(self, today: Date) -> Date {
        match self {
            Bound::Today => today,
            Bound::Fixed(d) => d,
        }
    }

    /// As written, and as the browser reads it.
    pub fn text(self) -> String {
        match self {
            Bound::Today => "today".into(),
            Bound::Fixed(d) => d.to_string(),
        }
    }
}

/// A date answer as written in a test case or sent by the page.
pub fn parse_answer(text: &str) -> Option<Date> {
    match Bound::parse(text)? {
        Bound::Fixed(d) => Some(d),
        Bound::Today => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        parse_answer(text).unwrap()
    }

    #[test]
    fn months_are_calendar_months_with_the_day_clamped() {
        assert_eq!(months_between(d("2025-01-31"), d("2025-02-28")), 1);
        assert_eq!(months_between(d("2024-01-31"), d("2024-02-28")), 0);
        assert_eq!(months_between(d("2024-01-31"), d("2024-02-29")), 1);
        assert_eq!(months_between(d("2024-03-15"), d("2024-04-14")), 0);
        assert_eq!(months_between(d("2024-03-15"), d("2024-04-15")), 1);
        assert_eq!(months_between(d("2023-11-30"), d("2026-11-30")), 36);
        assert_eq!(months_between(d("2024-02-29"), d("2025-02-28")), 12);
        assert_eq!(months_between(d("2026-12-01"), d("2026-11-30")), 0);
        assert_eq!(months_between(d("2026-12-30"), d("2026-11-30")), -1);
        assert_eq!(days_between(d("2024-02-28"), d("2024-03-01")), 2);
        assert_eq!(days_between(d("2026-12-01"), d("2026-11-30")), -1);
    }

    #[test]
    fn bounds_are_today_or_a_date() {
        assert_eq!(Bound::parse("today"), Some(Bound::Today));
        assert_eq!(
            Bound::parse("2020-01-01"),
            Some(Bound::Fixed(d("2020-01-01")))
        );
        assert_eq!(Bound::parse("2020-02-30"), None);
        assert_eq!(Bound::parse("2020-1-1"), None);
        assert_eq!(Bound::parse("yesterday"), None);
        assert_eq!(Bound::Fixed(d("2020-01-01")).text(), "2020-01-01");
    }
}
