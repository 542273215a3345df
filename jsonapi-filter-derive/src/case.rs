//! Renaming rules of the derive: foreign keys to relationships (`account_id` -> `account`, type `accounts`),
//! keys to the typed builder's names (`created-at` -> `CreatedAt`) and enum variants to wire values
//! (`WithTimezone` -> `with_timezone`). The spelling of filter keys themselves is the vocabulary's
//! (`jsonapi_filter_vocabulary::key`).

use jsonapi_filter_vocabulary::key::dasherize;

/// The default relationship name of a foreign-key field: `account_id` -> `account`.
pub fn relationship_name(field: &str) -> String {
    let field = field.trim_start_matches("r#");
    dasherize(field.strip_suffix("_id").unwrap_or(field))
}

/// The default JSON:API type of a relationship: `account` -> `accounts`.
pub fn pluralize(name: &str) -> String {
    if name.ends_with('s') {
        name.to_owned()
    } else {
        format!("{name}s")
    }
}

/// A dasherized key as a PascalCase name: `created-at` -> `CreatedAt` (the typed builder's enum variants).
pub fn pascal_case(key: &str) -> String {
    key.split(['-', '_'])
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .filter(|word| word.chars().all(|c| c.is_alphanumeric()))
        .collect()
}

/// A `rename_all` rule for enum variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(
    clippy::enum_variant_names,
    reason = "the variants are named after the cases users write in rename_all"
)]
pub enum RenameRule {
    /// `WithTimezone`
    PascalCase,
    /// `withTimezone`
    CamelCase,
    /// `with_timezone`
    SnakeCase,
    /// `WITH_TIMEZONE`
    ScreamingSnakeCase,
    /// `with-timezone`
    KebabCase,
    /// `withtimezone`
    LowerCase,
    /// `WITHTIMEZONE`
    UpperCase,
}

impl RenameRule {
    /// Every rule with its name, as written in `rename_all = "..."`.
    pub const ALL: [(&'static str, RenameRule); 7] = [
        ("PascalCase", RenameRule::PascalCase),
        ("camelCase", RenameRule::CamelCase),
        ("snake_case", RenameRule::SnakeCase),
        ("SCREAMING_SNAKE_CASE", RenameRule::ScreamingSnakeCase),
        ("kebab-case", RenameRule::KebabCase),
        ("lowercase", RenameRule::LowerCase),
        ("UPPERCASE", RenameRule::UpperCase),
    ];

    /// The rule named `name`.
    pub fn from_name(name: &str) -> Option<RenameRule> {
        RenameRule::ALL
            .iter()
            .find(|(rule_name, _)| *rule_name == name)
            .map(|(_, rule)| *rule)
    }

    /// Applies the rule to a PascalCase variant name.
    pub fn apply(self, variant: &str) -> String {
        let words = pascal_words(variant);
        match self {
            RenameRule::PascalCase => variant.to_owned(),
            RenameRule::CamelCase => {
                let mut camel = words.first().map(|w| w.to_lowercase()).unwrap_or_default();
                camel.push_str(&variant[words.first().map_or(0, |w| w.len())..]);
                camel
            }
            RenameRule::SnakeCase => words.join("_").to_lowercase(),
            RenameRule::ScreamingSnakeCase => words.join("_").to_uppercase(),
            RenameRule::KebabCase => words.join("-").to_lowercase(),
            RenameRule::LowerCase => variant.to_lowercase(),
            RenameRule::UpperCase => variant.to_uppercase(),
        }
    }
}

/// Splits a PascalCase name into its words: `WithTimezone` -> `With`, `Timezone`; `HTTPCode` -> `HTTP`, `Code`.
fn pascal_words(name: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = name.char_indices().collect();
    let mut words = Vec::new();
    let mut start = 0;
    for i in 1..chars.len() {
        let (index, current) = chars[i];
        let previous = chars[i - 1].1;
        let next_is_lower = chars.get(i + 1).is_some_and(|(_, c)| c.is_lowercase());
        let boundary = current.is_uppercase()
            && (previous.is_lowercase()
                || previous.is_ascii_digit()
                || (previous.is_uppercase() && next_is_lower));
        if boundary {
            words.push(&name[start..index]);
            start = index;
        }
    }
    if start < name.len() {
        words.push(&name[start..]);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_pascal_case() {
        assert_eq!(pascal_case("created-at"), "CreatedAt");
        assert_eq!(pascal_case("billing_account"), "BillingAccount");
        assert_eq!(pascal_case("utc2-offset"), "Utc2Offset");
    }

    #[test]
    fn relationships_default_from_foreign_keys() {
        assert_eq!(relationship_name("account_id"), "account");
        assert_eq!(relationship_name("billing_account_id"), "billing-account");
        assert_eq!(relationship_name("owner"), "owner");
        assert_eq!(pluralize("account"), "accounts");
        assert_eq!(pluralize("status"), "status");
    }

    #[test]
    fn variants_rename() {
        let cases = [
            ("PascalCase", "WithTimezone"),
            ("camelCase", "withTimezone"),
            ("snake_case", "with_timezone"),
            ("SCREAMING_SNAKE_CASE", "WITH_TIMEZONE"),
            ("kebab-case", "with-timezone"),
            ("lowercase", "withtimezone"),
            ("UPPERCASE", "WITHTIMEZONE"),
        ];
        for (rule, expected) in cases {
            assert_eq!(
                RenameRule::from_name(rule).unwrap().apply("WithTimezone"),
                expected,
                "{rule}"
            );
        }
        assert_eq!(
            RenameRule::SnakeCase.apply("RoundToSeconds"),
            "round_to_seconds"
        );
        assert_eq!(RenameRule::SnakeCase.apply("HTTPCode"), "http_code");
        assert_eq!(RenameRule::SnakeCase.apply("Utc2Offset"), "utc2_offset");
        assert_eq!(RenameRule::SnakeCase.apply("Pending"), "pending");
        assert_eq!(RenameRule::from_name("Snake_Case"), None);
    }
}
