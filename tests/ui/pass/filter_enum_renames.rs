//! FilterEnum: wire values from rename_all and per-variant rename, parsed case-sensitively.
use jsonapi_filter::{FilterEnum, FilterType, ValueKind};

#[derive(Debug, Clone, Copy, PartialEq, FilterEnum)]
#[filterable(rename_all = "kebab-case")]
pub enum HangupCause {
    NormalClearing,
    UserBusy,
    #[filterable(rename = "no_answer")]
    NoAnswer,
}

#[derive(Debug, Clone, Copy, PartialEq, FilterEnum)]
#[filterable(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Priority {
    VeryHigh,
    Low,
}

#[derive(Debug, Clone, Copy, PartialEq, FilterEnum)]
pub enum Plain {
    Pending,
    Done,
}

fn main() {
    assert_eq!(
        HangupCause::WIRE_VALUES,
        ["normal-clearing", "user-busy", "no_answer"]
    );
    assert_eq!(HangupCause::UserBusy.wire_value(), "user-busy");
    assert_eq!(
        HangupCause::from_wire_value("no_answer"),
        Some(HangupCause::NoAnswer)
    );
    assert_eq!(HangupCause::from_wire_value("no-answer"), None);
    assert_eq!(HangupCause::from_wire_value("User-Busy"), None);
    assert_eq!(<HangupCause as FilterType>::KIND, ValueKind::Enum);
    assert_eq!(
        <Option<HangupCause> as FilterType>::ALLOWED_VALUES,
        HangupCause::WIRE_VALUES
    );
    assert_eq!(Priority::WIRE_VALUES, ["VERY_HIGH", "LOW"]);
    assert_eq!(Plain::WIRE_VALUES, ["Pending", "Done"]);
    assert_eq!(Plain::VARIANTS, [Plain::Pending, Plain::Done]);
}
