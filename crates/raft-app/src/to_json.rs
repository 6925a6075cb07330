//! Writing the JS API's answers as JSON text without serde: serde's
//! serializers for these types cost the page more than this whole module.
//! [`json_object!`](crate::json_object) writes a struct as an object, one
//! named member per field.

use raft_core::vecmap::VecMap;

use raft_sim::json::write_str;
use raft_sim::Settings;

/// A value that writes itself as JSON.
pub trait ToJson {
    fn write_json(&self, out: &mut String);

    fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }
}

macro_rules! display_json {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn write_json(&self, out: &mut String) {
                use std::fmt::Write as _;
                let _ = write!(out, "{self}");
            }
        }
    )*};
}
display_json!(u64, usize, u32, bool);

impl ToJson for f64 {
    fn write_json(&self, out: &mut String) {
        use std::fmt::Write as _;
        if self.is_finite() {
            let _ = write!(out, "{self}");
        } else {
            out.push_str("null");
        }
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(v) => v.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            v.write_json(out);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

impl<T: ToJson, const N: usize> ToJson for [T; N] {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

impl ToJson for VecMap<String, String> {
    fn write_json(&self, out: &mut String) {
        out.push('{');
        for (i, (k, v)) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_str(out, k);
            out.push(':');
            write_str(out, v);
        }
        out.push('}');
    }
}

impl ToJson for Settings {
    fn write_json(&self, out: &mut String) {
        out.push_str(&self.to_json());
    }
}

/// `json_object!(Type { field: "jsonName", ... })` implements [`ToJson`]
/// for a struct by writing the listed fields, in order, under those names.
#[macro_export]
macro_rules! json_object {
    ($ty:ty { $($field:ident : $name:literal),* $(,)? }) => {
        impl $crate::to_json::ToJson for $ty {
            fn write_json(&self, out: &mut String) {
                out.push('{');
                let mut _first = true;
                $(
                    if !_first {
                        out.push(',');
                    }
                    _first = false;
                    raft_sim::json::write_str(out, $name);
                    out.push(':');
                    $crate::to_json::ToJson::write_json(&self.$field, out);
                )*
                out.push('}');
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Point {
        x: u64,
        label: Option<String>,
        tags: Vec<&'static str>,
        ratio: f64,
    }
    crate::json_object!(Point {
        x: "x",
        label: "label",
        tags: "tags",
        ratio: "ratioOf"
    });

    #[test]
    fn writes_objects_lists_options_and_escapes() {
        let p = Point {
            x: 3,
            label: Some("a \"b\"\n".into()),
            tags: vec!["t", "<u>"],
            ratio: 0.25,
        };
        let text = p.to_json();
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["x"], 3);
        assert_eq!(back["label"], "a \"b\"\n");
        assert_eq!(back["tags"][1], "<u>");
        assert_eq!(back["ratioOf"], 0.25);
        let none = Point {
            x: 0,
            label: None,
            tags: vec![],
            ratio: f64::NAN,
        };
        assert_eq!(
            none.to_json(),
            r#"{"x":0,"label":null,"tags":[],"ratioOf":null}"#
        );
    }
}
