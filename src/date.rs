//! Calendar dates (`YYYY-MM-DD`) for publication and review dates.
//!
//! A thin wrapper over `jiff::civil::Date`: review-date arithmetic needs only
//! whole days, and "today" must be the clinic's day, not UTC's (at 5 pm in
//! California it is already tomorrow in UTC, and a review due tomorrow would
//! be reported overdue). The clinic's time zone comes from site.yaml.

use std::fmt;
use std::str::FromStr;

use jiff::civil;
use jiff::tz::TimeZone;

/// A calendar date without a time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(civil::Date);

/// Why a text is not a date. Its `Display` is the message staff see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    /// The text as written.
    pub text: String,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a date: write it as YYYY-MM-DD, for example 2026-11-24",
            self.text
        )
    }
}

impl std::error::Error for DateError {}

/// A time zone that is not in the IANA database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTimeZone {
    /// The name as written.
    pub name: String,
}

impl fmt::Display for UnknownTimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a time zone: write an IANA name such as America/Los_Angeles",
            self.name
        )
    }
}

impl std::error::Error for UnknownTimeZone {}

/// Looks up an IANA time-zone name (`America/Chicago`). The database is
/// bundled into the binary, so a machine without tzdata gives the same answer.
pub fn time_zone(name: &str) -> Result<TimeZone, UnknownTimeZone> {
    TimeZone::get(name).map_err(|_| UnknownTimeZone {
        name: name.to_string(),
    })
}

impl Date {
    /// The date for year, month (1-12) and day (1-31), if it exists.
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Option<Date> {
        let year = i16::try_from(year).ok()?;
        let month = i8::try_from(month).ok()?;
        let day = i8::try_from(day).ok()?;
        civil::Date::new(year, month, day).ok().map(Date)
    }

    /// Today's date in the machine's time zone, from the system clock.
    pub fn today() -> Date {
        Date::today_in(&TimeZone::system())
    }

    /// Today's date in `zone` (the clinic's time zone).
    pub fn today_in(zone: &TimeZone) -> Date {
        Date(zone.to_datetime(jiff::Timestamp::now()).date())
    }

    /// Year, month and day.
    pub fn ymd(self) -> (i64, u32, u32) {
        let d = self.0;
        (
            i64::from(d.year()),
            u32::from(d.month().unsigned_abs()),
            u32::from(d.day().unsigned_abs()),
        )
    }

    /// This date moved by `days` (negative moves back), or `None` past the
    /// years 9999 or -9999 that a calendar date can hold.
    pub fn checked_add_days(self, days: i64) -> Option<Date> {
        let span = jiff::Span::new().try_days(days).ok()?;
        self.0.checked_add(span).ok().map(Date)
    }

    /// This date moved by `days` (negative moves back), clamped to the last
    /// (or first) date a calendar can hold.
    pub fn add_days(self, days: i64) -> Date {
        self.checked_add_days(days).unwrap_or(if days < 0 {
            Date(civil::Date::MIN)
        } else {
            Date(civil::Date::MAX)
        })
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        // Both ends are within years -9999..=9999, so the difference in days
        // always fits; `since` with a day unit cannot fail here.
        later
            .0
            .since((jiff::Unit::Day, self.0))
            .map_or(0, |span| i64::from(span.get_days()))
    }

    /// A reader's form: `24 November 2026`.
    pub fn long(self) -> String {
        let (y, _, d) = self.ymd();
        format!("{d} {} {y}", self.0.strftime("%B"))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl FromStr for Date {
    type Err = DateError;

    /// Only the strict `YYYY-MM-DD` form: `2026-1-5` or `24/11/2026` are
    /// ambiguous to readers in other countries, so they are refused.
    fn from_str(s: &str) -> Result<Date, DateError> {
        let bad = || DateError {
            text: s.to_string(),
        };
        let parts: Vec<&str> = s.trim().split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(bad());
        };
        let digits =
            |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
        if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
            return Err(bad());
        }
        let (y, m, d) = (
            y.parse().map_err(|_| bad())?,
            m.parse().map_err(|_| bad())?,
            d.parse().map_err(|_| bad())?,
        );
        Date::from_ymd(y, m, d).ok_or_else(bad)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        // The reason travels as a value, not as text to be searched for.
        text.parse()
            .map_err(|error| crate::yaml::refuse(crate::yaml::Invalid::Date(error)))
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_round_trip() {
        let date: Date = "2024-02-29".parse().unwrap();
        assert_eq!(date.to_string(), "2024-02-29");
        assert_eq!(date.add_days(1).to_string(), "2024-03-01");
        assert_eq!(date.long(), "29 February 2024");
        assert_eq!(
            "0999-01-05".parse::<Date>().unwrap().long(),
            "5 January 999"
        );
    }

    #[test]
    fn rejects_impossible_dates_with_one_message() {
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-1-5",
            "24/11/2026",
            "soon",
            "+202-11-24",
        ] {
            let err = bad.parse::<Date>().unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("`{bad}` is not a date: write it as YYYY-MM-DD, for example 2026-11-24")
            );
        }
    }

    #[test]
    fn counts_days_between() {
        let a: Date = "2026-11-24".parse().unwrap();
        let b: Date = "2027-11-24".parse().unwrap();
        assert_eq!(a.days_until(b), 365);
        assert_eq!(b.days_until(a), -365);
    }

    #[test]
    fn huge_moves_clamp_instead_of_wrapping() {
        let a: Date = "2026-11-24".parse().unwrap();
        assert_eq!(a.checked_add_days(i64::MAX), None);
        assert_eq!(a.add_days(i64::MAX).to_string(), "9999-12-31");
        assert_eq!(a.add_days(i64::MIN).ymd().0, -9999);
    }

    #[test]
    fn today_depends_on_the_time_zone() {
        // Kiritimati (UTC+14) and Pago Pago (UTC-11) are 25 hours apart, so
        // they are never on the same date.
        let east = Date::today_in(&time_zone("Pacific/Kiritimati").unwrap());
        let west = Date::today_in(&time_zone("Pacific/Pago_Pago").unwrap());
        assert_eq!(west.days_until(east), 1);
    }

    #[test]
    fn unknown_time_zone_is_named() {
        let err = time_zone("America/Springfield").unwrap_err();
        assert_eq!(
            err.to_string(),
            "`America/Springfield` is not a time zone: write an IANA name such as America/Los_Angeles"
        );
    }
}
