//! Checks of the personal data a host keeps beside the workflow ([`crate::person`]): PESEL, Polish
//! postcodes, phone numbers and e-mail addresses. A wrong PESEL or phone number in a family's file
//! sends letters and calls to the wrong person, so each is refused with its own code and a Polish
//! message the social worker can act on, and nothing is stored.

use crate::error::ValidationError;
use crate::labels::labelled_enum;
use chrono::NaiveDate;

labelled_enum! {
    /// Płeć — the sex a PESEL encodes (its tenth digit: even for women, odd for men).
    pub enum Sex {
        /// Kobieta.
        Female = "female" => ("kobieta", "female"),
        /// Mężczyzna.
        Male = "male" => ("mężczyzna", "male"),
    }
}

/// What a valid PESEL (*Powszechny Elektroniczny System Ewidencji Ludności* number) encodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeselInfo {
    /// Data urodzenia — the birth date (digits 1–6, the century in the month's tens).
    pub birth_date: NaiveDate,
    /// Płeć — digit 10.
    pub sex: Sex,
}

/// Weights of the PESEL's first ten digits in its control digit.
const PESEL_WEIGHTS: [u32; 10] = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];

/// Checks a PESEL: eleven digits, the control digit, and a real birth date (1800–2299: the month
/// carries the century, +80 for the 1800s, +0, +20, +40, +60 for the 1900s to the 2200s).
pub fn pesel(field: &'static str, value: &str) -> Result<PeselInfo, ValidationError> {
    let digits: Vec<u32> = value
        .chars()
        .map(|c| c.to_digit(10))
        .collect::<Option<Vec<u32>>>()
        .filter(|d| d.len() == 11)
        .ok_or(ValidationError::PeselFormat { field })?;
    let sum: u32 = PESEL_WEIGHTS.iter().zip(&digits).map(|(w, d)| w * d).sum();
    if (10 - sum % 10) % 10 != digits[10] {
        return Err(ValidationError::PeselChecksum { field });
    }
    let two = |i: usize| digits[i] * 10 + digits[i + 1];
    let (year, month, day) = (two(0), two(2), two(4));
    let (century, month) = match month {
        81..=92 => (1800, month - 80),
        1..=12 => (1900, month),
        21..=32 => (2000, month - 20),
        41..=52 => (2100, month - 40),
        61..=72 => (2200, month - 60),
        _ => return Err(ValidationError::PeselBirthDate { field }),
    };
    let year = i32::try_from(year).map_or(century, |y| century + y);
    let birth_date = NaiveDate::from_ymd_opt(year, month, day)
        .ok_or(ValidationError::PeselBirthDate { field })?;
    let sex = if digits[9] % 2 == 0 {
        Sex::Female
    } else {
        Sex::Male
    };
    Ok(PeselInfo { birth_date, sex })
}

/// Checks a Polish postcode: `NN-NNN` (e.g. `00-950`).
pub fn postcode(field: &'static str, value: &str) -> Result<(), ValidationError> {
    let b = value.as_bytes();
    let ok = b.len() == 6
        && b[2] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 2 || c.is_ascii_digit());
    ok.then_some(())
        .ok_or(ValidationError::PostcodeInvalid { field })
}

/// Checks a phone number and gives it in the international form (`+48601234567`). Spaces, dashes,
/// dots and brackets between digits are allowed. A Polish number is nine digits, the first not 0,
/// optionally after `+48` or `0048`; a foreign one starts with `+` or `00` and its country code,
/// with 8 to 15 digits in all (ITU-T E.164).
pub fn phone(field: &'static str, value: &str) -> Result<String, ValidationError> {
    let invalid = ValidationError::PhoneInvalid { field };
    let text = value.trim();
    let (international, rest) = match (text.strip_prefix('+'), text.strip_prefix("00")) {
        (Some(rest), _) | (None, Some(rest)) => (true, rest),
        (None, None) => (false, text),
    };
    let mut digits = String::with_capacity(rest.len());
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return Err(invalid),
        }
    }
    let national = match (international, digits.strip_prefix("48")) {
        (false, _) => Some(digits.as_str()),
        (true, Some(national)) => Some(national),
        (true, None) => None,
    };
    match national {
        Some(n) if n.len() == 9 && !n.starts_with('0') => Ok(format!("+48{n}")),
        Some(_) => Err(invalid),
        None if (8..=15).contains(&digits.len()) && !digits.starts_with('0') => {
            Ok(format!("+{digits}"))
        }
        None => Err(invalid),
    }
}

/// Checks the form of an e-mail address (it cannot tell whether the mailbox exists): one `@`; a
/// local part of 1–64 characters of letters, digits and `!#$%&'*+/=?^_`{|}~.-`, without a dot at
/// either end or two in a row; a domain of at least two labels of letters, digits and inner
/// hyphens (1–63 characters each), the last of letters only; 254 characters at most. Addresses
/// with non-ASCII characters must be given in their ASCII (punycode) form.
pub fn email(field: &'static str, value: &str) -> Result<(), ValidationError> {
    let ok = value.len() <= 254
        && value
            .split_once('@')
            .is_some_and(|(local, domain)| email_local(local) && email_domain(domain));
    ok.then_some(())
        .ok_or(ValidationError::EmailInvalid { field })
}

fn email_local(local: &str) -> bool {
    (1..=64).contains(&local.len())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c))
}

fn email_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}
