//! Internally tagged enums decoded tag first (the `fast-decode` feature; see the parent module).

use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer, StringDeserializer};
use serde::de::DeserializeOwned;
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, Error as _, MapAccess, VariantAccess, Visitor,
};
use serde::Deserialize;
use std::fmt;
use std::marker::PhantomData;

/// A key or a tag, borrowed from the input when it has no escapes.
enum Text<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Text<'_> {
    fn as_str(&self) -> &str {
        match self {
            Text::Borrowed(s) => s,
            Text::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text::Owned(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text::Owned(v))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

/// Decodes an object `{tag: variant, fields…}` into `Wire`, an *externally* tagged enum with the
/// same variants (`{variant: {fields…}}`), without buffering the object when the tag comes first.
pub(crate) fn internally_tagged<'de, D, Wire>(
    deserializer: D,
    tag: &'static str,
) -> Result<Wire, D::Error>
where
    D: Deserializer<'de>,
    Wire: DeserializeOwned,
{
    deserializer.deserialize_map(TaggedVisitor {
        tag,
        wire: PhantomData,
    })
}

struct TaggedVisitor<Wire> {
    tag: &'static str,
    wire: PhantomData<Wire>,
}

impl<'de, Wire: DeserializeOwned> Visitor<'de> for TaggedVisitor<Wire> {
    type Value = Wire;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an object with a \"{}\"", self.tag)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Wire, A::Error> {
        let Some(first) = map.next_key::<Text<'de>>()? else {
            return Err(A::Error::missing_field(self.tag));
        };
        if first.as_str() == self.tag {
            let variant = map.next_value::<Text<'de>>()?;
            return Wire::deserialize(Rest { variant, map });
        }
        // The tag comes later (an object written by hand or by another tool, a
        // `serde_json::Value`, whose keys are sorted): collect the object, write it again with the
        // tag first and decode that text. Decoding the text takes the path above, whose code is
        // already compiled for `serde_json`'s reader, so this case adds no second copy of every
        // variant's decoder (decoding the `serde_json::Value` instead would: 28 KB more gzipped
        // in the WebAssembly package for the events alone). It costs about what serde's buffering
        // did (measured in the WebAssembly package: a command 6.9 µs against 7.5 µs before;
        // 4.3 µs with its tag first).
        let mut fields = serde_json::Map::new();
        let mut key = first.as_str().to_owned();
        loop {
            let value = map.next_value::<serde_json::Value>()?;
            if fields.insert(key.clone(), value).is_some() {
                return Err(A::Error::custom(format_args!("duplicate field `{key}`")));
            }
            match map.next_key::<String>()? {
                Some(next) => key = next,
                None => break,
            }
        }
        let variant = match fields.remove(self.tag) {
            Some(serde_json::Value::String(variant)) => variant,
            Some(other) => {
                return Err(A::Error::custom(format_args!(
                    "\"{}\" must be a string, not {other}",
                    self.tag
                )))
            }
            None => return Err(A::Error::missing_field(self.tag)),
        };
        let text = serde_json::to_string(&TagFirst {
            tag: self.tag,
            variant: &variant,
            fields: &fields,
        })
        .map_err(A::Error::custom)?;
        let mut tag_first = serde_json::Deserializer::from_str(&text);
        internally_tagged::<_, Wire>(&mut tag_first, self.tag).map_err(|e| {
            // Its position is in the rewritten text, not in the input: only the message counts.
            let message = e.to_string();
            let position = format!(" at line {} column {}", e.line(), e.column());
            A::Error::custom(message.strip_suffix(&position).unwrap_or(&message))
        })
    }
}

/// An object's fields written with its tag first (written in one pass, into one buffer).
struct TagFirst<'a> {
    tag: &'static str,
    variant: &'a str,
    fields: &'a serde_json::Map<String, serde_json::Value>,
}

impl serde::Serialize for TagFirst<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.fields.len() + 1))?;
        map.serialize_entry(self.tag, self.variant)?;
        for (key, value) in self.fields {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// The rest of an object whose tag has been read, presented as an externally tagged enum.
struct Rest<'de, A> {
    variant: Text<'de>,
    map: A,
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for Rest<'de, A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_enum(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de, A: MapAccess<'de>> EnumAccess<'de> for Rest<'de, A> {
    type Error = A::Error;
    type Variant = RestOfVariant<A>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, RestOfVariant<A>), A::Error> {
        let value = match self.variant {
            Text::Borrowed(s) => seed.deserialize(BorrowedStrDeserializer::new(s))?,
            Text::Owned(s) => seed.deserialize(StringDeserializer::new(s))?,
        };
        Ok((value, RestOfVariant { map: self.map }))
    }
}

/// The fields of the variant: the object's remaining entries.
struct RestOfVariant<A> {
    map: A,
}

impl<'de, A: MapAccess<'de>> VariantAccess<'de> for RestOfVariant<A> {
    type Error = A::Error;

    fn unit_variant(mut self) -> Result<(), A::Error> {
        match self.map.next_key::<Text<'de>>()? {
            None => Ok(()),
            Some(key) => Err(A::Error::unknown_field(key.as_str(), &[])),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        seed.deserialize(MapAccessDeserializer::new(self.map))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value, A::Error> {
        Err(A::Error::invalid_type(
            de::Unexpected::Map,
            &"a variant with named fields",
        ))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_map(self.map)
    }
}
