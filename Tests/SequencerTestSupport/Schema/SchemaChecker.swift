import SequencerCore

/// Checks JSON values against the subset of JSON Schema (draft 2020-12) that
/// `protocol/schema.json` and the providers' published schemas (``ProviderSchema``) use.
///
/// Assertions: `type` (a name or an array of names; `integer` is any number with an integral
/// value), `properties`, `required`, `additionalProperties` (a Boolean or a schema),
/// `propertyNames`, `maxProperties`, `items`, `prefixItems`, `minItems`, `maxItems`,
/// `minLength`, `maxLength` (in Unicode scalars), `pattern` (unanchored, as JSON Schema says),
/// `enum`, `const`, `minimum`, `maximum`, `allOf`, `anyOf`, `oneOf`, `$ref` to `#/$defs/NAME`,
/// and draft 2019-09's `$recursiveRef: "#"` (the nearest enclosing schema with
/// `$recursiveAnchor: true`, which is how the OpenAI description recurses). Annotations (see
/// ``annotations``, and every `x-` extension) are read past; `discriminator` is an annotation
/// too, used only to choose which branch's problems to report. Any other keyword is reported
/// both by ``unsupportedKeywords()`` and as a problem of every value checked against it, so a
/// schema cannot pass by using something this checker silently skips.
package struct SchemaChecker: Sendable {
    /// How `oneOf` is judged.
    package enum OneOf: Sendable {
        /// Exactly one branch must match (the standard).
        case exactlyOne
        /// At least one branch must match: for schemas whose unions overlap (OpenAI's, where a
        /// plain user message matches more than one branch).
        case anyOf
    }

    /// The whole schema document.
    package let root: JSONValue
    /// How `oneOf` is judged.
    package let oneOf: OneOf

    /// The keywords this checker enforces.
    package static let assertions: Set<String> = [
        "type", "properties", "required", "additionalProperties", "propertyNames", "maxProperties",
        "items", "prefixItems", "minItems", "maxItems", "minLength", "maxLength", "pattern",
        "enum", "const", "minimum", "maximum", "allOf", "oneOf", "anyOf", "$ref", "$recursiveRef",
    ]
    /// The keywords it reads past (and every keyword starting `x-`).
    package static let annotations: Set<String> = [
        "$schema", "$id", "$comment", "$defs", "$recursiveAnchor", "title", "description", "default",
        "examples", "example", "deprecated", "format", "discriminator", "readOnly", "writeOnly",
    ]

    /// A checker for the schema document `root`.
    package init(_ root: JSONValue, oneOf: OneOf = .exactlyOne) {
        self.root = root
        self.oneOf = oneOf
    }

    /// The names under `$defs`.
    package var definitionNames: [String] {
        root["$defs"]?.objectValue?.members.map(\.key.value) ?? []
    }

    /// The schema `#/$defs/<name>`, if there is one.
    package func definition(_ name: String) -> JSONValue? {
        root["$defs"]?[name]
    }

    /// Every violation of `#/$defs/<definition>` by `instance`, each naming the instance path
    /// (`$` is `instance` itself, `$.a[0]` its member `a`'s first element); empty when
    /// `instance` is valid.
    package func violations(of instance: JSONValue, against definition: String) -> [String] {
        var errors: [String] = []
        check(instance, against: SchemaChecker.reference(to: definition), at: "$", anchor: nil, into: &errors)
        return errors
    }

    /// Every violation of `schema` (a schema inside this document, or a `$ref` to one) by
    /// `instance`; empty when `instance` is valid.
    package func violations(of instance: JSONValue, againstSchema schema: JSONValue) -> [String] {
        var errors: [String] = []
        check(instance, against: schema, at: "$", anchor: nil, into: &errors)
        return errors
    }

    /// Follows `$ref`s from `schema` to the schema they name (`schema` itself when it has no `$ref`).
    package func resolved(_ schema: JSONValue) -> JSONValue {
        var current = schema
        var seen = 0
        while let reference = current["$ref"], let target = resolve(reference), seen < 64 {
            current = target
            seen += 1
        }
        return current
    }

    /// Every keyword in the schema that is neither enforced nor an annotation, with its location.
    package func unsupportedKeywords() -> [String] {
        var found: [String] = []
        func walk(_ schema: JSONValue, at path: String) {
            guard let object = schema.objectValue else { return }
            for member in object.members {
                let key = member.key.value
                let here = "\(path)/\(key)"
                switch key {
                case "properties", "$defs":
                    for property in member.value.objectValue?.members ?? [] {
                        walk(property.value, at: "\(here)/\(property.key.value)")
                    }
                case "items", "additionalProperties", "propertyNames":
                    walk(member.value, at: here)
                case "oneOf", "anyOf", "allOf", "prefixItems":
                    for (index, element) in (member.value.arrayValue ?? []).enumerated() {
                        walk(element, at: "\(here)/\(index)")
                    }
                default:
                    if !SchemaChecker.isKnown(key) {
                        found.append(here)
                    }
                }
            }
        }
        walk(root, at: "#")
        return found
    }

    // MARK: - Checking

    private func check(_ instance: JSONValue, against schema: JSONValue, at path: String, anchor: JSONValue?, into errors: inout [String]) {
        if case .bool(let allowed) = schema {
            if !allowed { errors.append("\(path): no value is allowed here") }
            return
        }
        guard let keywords = schema.objectValue else {
            errors.append("\(path): the schema is neither an object nor a Boolean")
            return
        }
        let anchor = keywords["$recursiveAnchor"].map { SchemaChecker.equal($0, .bool(true)) } == true ? schema : anchor
        for member in keywords.members {
            let value = member.value
            switch member.key.value {
            case "$ref":
                guard let target = resolve(value) else {
                    errors.append("\(path): unresolvable $ref \(value)")
                    continue
                }
                check(instance, against: target, at: path, anchor: anchor, into: &errors)
            case "$recursiveRef":
                guard value.stringValue == "#", let anchor else {
                    errors.append("\(path): unresolvable $recursiveRef \(value)")
                    continue
                }
                check(instance, against: anchor, at: path, anchor: anchor, into: &errors)
            case "type":
                let names = (value.arrayValue ?? [value]).compactMap(\.stringValue)
                if !names.contains(where: { SchemaChecker.has(instance, type: $0) }) {
                    errors.append("\(path): expected \(names.joined(separator: " or ")), got \(instance.typeName)")
                }
            case "const":
                if !SchemaChecker.equal(instance, value) {
                    errors.append("\(path): expected the constant \(value), got \(instance)")
                }
            case "enum":
                if !(value.arrayValue ?? []).contains(where: { SchemaChecker.equal(instance, $0) }) {
                    errors.append("\(path): \(instance) is not one of \(value)")
                }
            case "minimum":
                if let number = instance.numberValue?.doubleValue, let minimum = value.numberValue?.doubleValue, number < minimum {
                    errors.append("\(path): \(number) is below the minimum \(minimum)")
                }
            case "maximum":
                if let number = instance.numberValue?.doubleValue, let maximum = value.numberValue?.doubleValue, number > maximum {
                    errors.append("\(path): \(number) is above the maximum \(maximum)")
                }
            case "minLength":
                if let string = instance.stringValue, let minimum = value.numberValue?.intValue, string.unicodeScalars.count < minimum {
                    errors.append("\(path): the string is shorter than \(minimum)")
                }
            case "maxLength":
                if let string = instance.stringValue, let maximum = value.numberValue?.intValue, string.unicodeScalars.count > maximum {
                    errors.append("\(path): the string is longer than \(maximum)")
                }
            case "pattern":
                if let string = instance.stringValue, let pattern = value.stringValue {
                    switch SchemaChecker.matches(string, pattern: pattern) {
                    case true?: break
                    case false?: errors.append("\(path): \(instance) does not match the pattern \(pattern)")
                    case nil: errors.append("\(path): the pattern \(pattern) is not a regular expression this checker reads")
                    }
                }
            case "minItems":
                if let array = instance.arrayValue, let minimum = value.numberValue?.intValue, array.count < minimum {
                    errors.append("\(path): the array has fewer than \(minimum) items")
                }
            case "maxItems":
                if let array = instance.arrayValue, let maximum = value.numberValue?.intValue, array.count > maximum {
                    errors.append("\(path): the array has more than \(maximum) items")
                }
            case "maxProperties":
                if let object = instance.objectValue, let maximum = value.numberValue?.intValue, object.count > maximum {
                    errors.append("\(path): the object has more than \(maximum) members")
                }
            case "required":
                if let object = instance.objectValue {
                    for name in (value.arrayValue ?? []).compactMap(\.stringValue) where !object.contains(name) {
                        errors.append("\(path): the member \"\(name)\" is required")
                    }
                }
            case "properties":
                if let object = instance.objectValue, let properties = value.objectValue {
                    for member in object.members {
                        if let propertySchema = properties[member.key.value] {
                            check(member.value, against: propertySchema, at: "\(path).\(member.key.value)", anchor: anchor, into: &errors)
                        }
                    }
                }
            case "additionalProperties":
                if let object = instance.objectValue {
                    let declared = keywords["properties"]?.objectValue
                    for member in object.members where declared?[member.key.value] == nil {
                        if case .bool(false) = value {
                            errors.append("\(path): the member \"\(member.key.value)\" is not allowed")
                        } else {
                            check(member.value, against: value, at: "\(path).\(member.key.value)", anchor: anchor, into: &errors)
                        }
                    }
                }
            case "propertyNames":
                if let object = instance.objectValue {
                    for member in object.members {
                        check(.string(member.key), against: value, at: "\(path) (the name \"\(member.key.value)\")", anchor: anchor, into: &errors)
                    }
                }
            case "items":
                if let array = instance.arrayValue {
                    let first = keywords["prefixItems"]?.arrayValue?.count ?? 0
                    for (index, element) in array.enumerated() where index >= first {
                        check(element, against: value, at: "\(path)[\(index)]", anchor: anchor, into: &errors)
                    }
                }
            case "prefixItems":
                if let array = instance.arrayValue {
                    for (index, (element, itemSchema)) in zip(array, value.arrayValue ?? []).enumerated() {
                        check(element, against: itemSchema, at: "\(path)[\(index)]", anchor: anchor, into: &errors)
                    }
                }
            case "allOf":
                for branch in value.arrayValue ?? [] {
                    check(instance, against: branch, at: path, anchor: anchor, into: &errors)
                }
            case "anyOf", "oneOf":
                let branches = value.arrayValue ?? []
                var branchErrors: [[String]] = []
                for branch in branches {
                    var found: [String] = []
                    check(instance, against: branch, at: path, anchor: anchor, into: &found)
                    branchErrors.append(found)
                }
                let passing = branchErrors.filter(\.isEmpty).count
                if member.key.value == "oneOf" && oneOf == .exactlyOne && passing > 1 {
                    errors.append("\(path): matches \(passing) branches of oneOf, not exactly one")
                } else if passing == 0 {
                    let closest = SchemaChecker.closest(branchErrors, discriminator: keywords["discriminator"]?["propertyName"]?.stringValue, at: path)
                    errors.append("\(path): matches no branch of \(member.key.value); closest: \(closest.joined(separator: "; "))")
                }
            case let keyword where SchemaChecker.isKnown(keyword):
                continue
            case let keyword:
                errors.append("\(path): the schema uses \"\(keyword)\", which this checker does not support")
            }
        }
    }

    /// The problems of the branch to report when none matches: among the branches whose
    /// discriminator member (when the union names one) is not itself wrong, the one with the
    /// fewest problems.
    private static func closest(_ branchErrors: [[String]], discriminator: String?, at path: String) -> [String] {
        let wrongDiscriminator: ([String]) -> Bool = { errors in
            guard let discriminator else { return false }
            let prefix = "\(path).\(discriminator):"
            return errors.contains { $0.hasPrefix(prefix) }
        }
        return branchErrors.min { lhs, rhs in
            let (left, right) = (wrongDiscriminator(lhs), wrongDiscriminator(rhs))
            return left != right ? !left : lhs.count < rhs.count
        } ?? []
    }

    /// The schema a `#/$defs/NAME` reference points to.
    private func resolve(_ reference: JSONValue) -> JSONValue? {
        guard let text = reference.stringValue, text.hasPrefix("#/$defs/") else { return nil }
        return root["$defs"]?[String(text.dropFirst("#/$defs/".count))]
    }

    /// `{"$ref":"#/$defs/<name>"}`.
    private static func reference(to name: String) -> JSONValue {
        .object(JSONObject([.init(key: "$ref", value: .string(JSONString("#/$defs/\(name)")))]))
    }

    /// Whether `keyword` is enforced or read past.
    private static func isKnown(_ keyword: String) -> Bool {
        assertions.contains(keyword) || annotations.contains(keyword) || keyword.hasPrefix("x-")
    }

    /// Whether `pattern` is found in `string`; `nil` when `pattern` does not compile.
    private static func matches(_ string: String, pattern: String) -> Bool? {
        guard let regex = try? Regex(pattern) else { return nil }
        return string.firstMatch(of: regex) != nil
    }

    /// Whether `value` has the JSON Schema type `name`.
    package static func has(_ value: JSONValue, type name: String) -> Bool {
        switch (name, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array), ("object", .object):
            return true
        case ("integer", .number(let number)):
            if !number.text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return true }
            guard let double = number.doubleValue else { return false }
            return double.rounded() == double
        default:
            return false
        }
    }

    /// JSON equality: numbers by value, strings by their decoded text, objects whatever the
    /// order of their members.
    package static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null):
            return true
        case (.bool(let a), .bool(let b)):
            return a == b
        case (.number(let a), .number(let b)):
            return a.text == b.text || (a.doubleValue != nil && a.doubleValue == b.doubleValue)
        case (.string(let a), .string(let b)):
            return a == b
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            return a.members.allSatisfy { member in b[member.key.value].map { equal(member.value, $0) } ?? false }
        default:
            return false
        }
    }
}
