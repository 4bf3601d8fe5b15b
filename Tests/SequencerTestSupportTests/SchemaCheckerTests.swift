import SequencerCore
import SequencerTestSupport
import Testing

/// A checker over `{"$defs":{"T": <schema>}}`, and what it says of `instance` against `T`.
private func violations(_ schema: String, _ instance: String, oneOf: SchemaChecker.OneOf = .exactlyOne) throws -> [String] {
    let root = try JSONParser.parse(#"{"$defs":{"T":\#(schema)}}"#)
    return SchemaChecker(root, oneOf: oneOf).violations(of: try JSONParser.parse(instance), against: "T")
}

/// One keyword's case: a schema, an instance, and the exact violations expected.
struct KeywordCase: Sendable, CustomTestStringConvertible {
    let schema: String
    let instance: String
    let expected: [String]

    init(_ schema: String, _ instance: String, _ expected: [String]) {
        self.schema = schema
        self.instance = instance
        self.expected = expected
    }

    var testDescription: String { "\(schema) on \(instance)" }
}

@Suite("SchemaChecker: each keyword of the draft 2020-12 subset")
struct SchemaCheckerTests {
    @Test("each keyword accepts what it allows and names what it refuses", arguments: [
        // type, one name or several; integer is any number with an integral value
        KeywordCase(#"{"type":"string"}"#, #""a""#, []),
        KeywordCase(#"{"type":"string"}"#, "1", ["$: expected string, got number"]),
        KeywordCase(#"{"type":["string","null"]}"#, "null", []),
        KeywordCase(#"{"type":["string","null"]}"#, "true", ["$: expected string or null, got boolean"]),
        KeywordCase(#"{"type":"integer"}"#, "2.0", []),
        KeywordCase(#"{"type":"integer"}"#, "2.5", ["$: expected integer, got number"]),
        // enum and const, by JSON value
        KeywordCase(#"{"enum":["a",1]}"#, "1.0", []),
        KeywordCase(#"{"enum":["a",1]}"#, #""b""#, [#"$: "b" is not one of ["a",1]"#]),
        KeywordCase(#"{"const":{"a":[1]}}"#, #"{"a":[1]}"#, []),
        KeywordCase(#"{"const":"x"}"#, #""y""#, [#"$: expected the constant "x", got "y""#]),
        // required and properties
        KeywordCase(#"{"required":["a","b"]}"#, #"{"a":1}"#, [#"$: the member "b" is required"#]),
        KeywordCase(#"{"required":["a"]}"#, "[]", []),
        KeywordCase(#"{"properties":{"a":{"type":"string"}}}"#, #"{"a":1,"b":2}"#, ["$.a: expected string, got number"]),
        // additionalProperties, false or a schema
        KeywordCase(#"{"properties":{"a":{}},"additionalProperties":false}"#, #"{"a":1,"b":2}"#, [#"$: the member "b" is not allowed"#]),
        KeywordCase(#"{"additionalProperties":{"type":"string"}}"#, #"{"b":2}"#, ["$.b: expected string, got number"]),
        // propertyNames and maxProperties
        KeywordCase(#"{"propertyNames":{"maxLength":2}}"#, #"{"abc":1}"#, [#"$ (the name "abc"): the string is longer than 2"#]),
        KeywordCase(#"{"maxProperties":1}"#, #"{"a":1,"b":2}"#, ["$: the object has more than 1 members"]),
        // items, prefixItems, minItems, maxItems
        KeywordCase(#"{"items":{"type":"number"}}"#, #"[1,"x"]"#, ["$[1]: expected number, got string"]),
        KeywordCase(#"{"prefixItems":[{"type":"string"}],"items":{"type":"number"}}"#, #"["a",2,"c"]"#, ["$[2]: expected number, got string"]),
        KeywordCase(#"{"prefixItems":[{"type":"string"}]}"#, "[1]", ["$[0]: expected string, got number"]),
        KeywordCase(#"{"minItems":2}"#, "[1]", ["$: the array has fewer than 2 items"]),
        KeywordCase(#"{"maxItems":1}"#, "[1,2]", ["$: the array has more than 1 items"]),
        // minLength and maxLength, in Unicode scalars
        KeywordCase(#"{"minLength":2}"#, #""é""#, ["$: the string is shorter than 2"]),
        KeywordCase(#"{"maxLength":1}"#, #""é""#, []),
        KeywordCase(#"{"maxLength":1}"#, #""ab""#, ["$: the string is longer than 1"]),
        // pattern, unanchored unless it says so
        KeywordCase(#"{"pattern":"b"}"#, #""abc""#, []),
        KeywordCase(#"{"pattern":"^[a-z_-]+$"}"#, #""a b""#, [#"$: "a b" does not match the pattern ^[a-z_-]+$"#]),
        KeywordCase(#"{"pattern":"("}"#, #""a""#, ["$: the pattern ( is not a regular expression this checker reads"]),
        // minimum and maximum
        KeywordCase(#"{"minimum":1}"#, "0.5", ["$: 0.5 is below the minimum 1.0"]),
        KeywordCase(#"{"maximum":100}"#, "101", ["$: 101.0 is above the maximum 100.0"]),
        KeywordCase(#"{"maximum":100}"#, "100", []),
        // allOf: every branch
        KeywordCase(#"{"allOf":[{"type":"string"},{"minLength":3}]}"#, #""ab""#, ["$: the string is shorter than 3"]),
        // anyOf: at least one branch; the closest is reported
        KeywordCase(#"{"anyOf":[{"type":"string"},{"type":"number"}]}"#, "1", []),
        KeywordCase(
            #"{"anyOf":[{"type":"string","required":["a"]},{"type":"object","required":["a"]}]}"#, "{}",
            [#"$: matches no branch of anyOf; closest: $: the member "a" is required"#]),
        // discriminator: an annotation, used only to choose which branch to report
        KeywordCase(
            #"{"anyOf":[{"properties":{"t":{"const":"a"}},"required":["t","x","y"]},{"properties":{"t":{"const":"b"}},"required":["t","z"]}],"discriminator":{"propertyName":"t"}}"#,
            #"{"t":"a"}"#,
            [#"$: matches no branch of anyOf; closest: $: the member "x" is required; $: the member "y" is required"#]),
        // oneOf: exactly one branch, unless judged as anyOf
        KeywordCase(#"{"oneOf":[{"type":"number"},{"type":"integer"}]}"#, "1", ["$: matches 2 branches of oneOf, not exactly one"]),
        KeywordCase(#"{"oneOf":[{"type":"number"},{"type":"integer"}]}"#, #""x""#, ["$: matches no branch of oneOf; closest: $: expected number, got string"]),
        // $ref to #/$defs
        KeywordCase(##"{"$ref":"#/$defs/T2"}"##, "1", [##"$: unresolvable $ref "#/$defs/T2""##]),
        // boolean schemas
        KeywordCase(#"{"properties":{"a":false}}"#, #"{"a":1}"#, ["$.a: no value is allowed here"]),
        // annotations are read past; anything else is refused
        KeywordCase(#"{"title":"t","description":"d","format":"uri","x-oaiMeta":{},"deprecated":true,"example":1}"#, "1", []),
        KeywordCase(#"{"if":{}}"#, "1", [#"$: the schema uses "if", which this checker does not support"#]),
    ])
    func keyword(_ test: KeywordCase) throws {
        #expect(try violations(test.schema, test.instance) == test.expected)
    }

    @Test("oneOf judged as anyOf accepts a value that matches several branches")
    func oneOfAsAnyOf() throws {
        #expect(try violations(#"{"oneOf":[{"type":"number"},{"type":"integer"}]}"#, "1", oneOf: .anyOf) == [])
    }

    @Test("$ref reaches other definitions, and $recursiveRef the nearest schema with $recursiveAnchor")
    func references() throws {
        let root = try JSONParser.parse(#"""
            {"$defs":{
              "T":{"$ref":"#/$defs/Filter"},
              "Filter":{"$recursiveAnchor":true,"type":"object","required":["op"],
                        "properties":{"filters":{"type":"array","items":{"anyOf":[{"$ref":"#/$defs/Leaf"},{"$recursiveRef":"#"}]}}}},
              "Leaf":{"type":"string"}}}
            """#)
        let checker = SchemaChecker(root)
        #expect(checker.violations(of: try JSONParser.parse(#"{"op":"and","filters":["a",{"op":"or","filters":[]}]}"#), against: "T") == [])
        #expect(checker.violations(of: try JSONParser.parse(#"{"op":"and","filters":[{"filters":[]}]}"#), against: "T") == [
            #"$.filters[0]: matches no branch of anyOf; closest: $.filters[0]: expected string, got object"#,
        ])
        #expect(checker.unsupportedKeywords() == [])
    }

    @Test("unsupportedKeywords names every keyword the checker would not enforce, with its place")
    func unsupportedKeywords() throws {
        let root = try JSONParser.parse(#"{"$defs":{"A":{"properties":{"b":{"if":{}}},"anyOf":[{"then":1}]}}}"#)
        #expect(SchemaChecker(root).unsupportedKeywords() == ["#/$defs/A/properties/b/if", "#/$defs/A/anyOf/0/then"])
    }
}
