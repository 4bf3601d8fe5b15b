import SequencerCore

/// Checks JSON values against the subset of JSON Schema (draft 2020-12) that
/// `protocol/schema.json` uses.
///
/// Assertions: `type` (a name or an array of names; `integer` is any number with an integral
/// value), `properties`, `required`, `additionalProperties` (a Boolean or a schema), `items`,
/// `minItems`, `minLength`, `enum`, `const`, `minimum`, `oneOf`, `anyOf` and `$ref` to
/// `#/$defs/NAME`. Annotations (`$schema`, `$id`, `title`, `description`, `default`,
/// `$comment`, `examples`, and `$defs` itself) are ignored. Any other keyword is an error, so a
/// schema cannot pass by using something this checker silently skips (see ``unsupportedKeywords()``).
struct SchemaChecker {
    /// The whole schema document.
    let root: JSONValue

    /// The keywords this checker enforces.
    static let assertions: Set<String> = [
        "type", "properties", "required", "additionalProperties", "items", "minItems", "minLength",
        "enum", "const", "minimum", "oneOf", "anyOf", "$ref",
    ]
    /// The keywords it reads past.
    static let annotations: Set<String> = ["$schema", "$id", "title", "description", "default", "$comment", "examples", "$defs"]

    /// A checker for `root`.
    init(_ root: JSONValue) {
        self.root = root
    }

    /// The names under `$defs`.
    var definitionNames: [String] {
        root["$defs"]?.objectValue?.members.map(\.key.value) ?? []
    }

    /// Every violation of `#/$defs/<definition>` by `instance`, each naming the instance path;
    /// empty when `instance` is valid.
    func violations(of instance: JSONValue, against definition: String) -> [String] {
        var errors: [String] = []
        check(instance, against: .object(JSONObject([.init(key: "$ref", value: .string(JSONString("#/$defs/\(definition)")))])), at: "$", into: &errors)
        return errors
    }

    /// Every keyword in the schema that is neither enforced nor an annotation, with its location.
    func unsupportedKeywords() -> [String] {
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
                case "items", "additionalProperties":
                    walk(member.value, at: here)
                case "oneOf", "anyOf":
                    for (index, element) in (member.value.arrayValue ?? []).enumerated() {
                        walk(element, at: "\(here)/\(index)")
                    }
                default:
                    if !SchemaChecker.assertions.contains(key) && !SchemaChecker.annotations.contains(key) {
                        found.append(here)
                    }
                }
            }
        }
        walk(root, at: "#")
        return found
    }

    // MARK: - Checking

    private func check(_ instance: JSONValue, against schema: JSONValue, at path: String, into errors: inout [String]) {
        if case .bool(let allowed) = schema {
            if !allowed { errors.append("\(path): no value is allowed here") }
            return
        }
        guard let keywords = schema.objectValue else {
            errors.append("\(path): the schema is neither an object nor a Boolean")
            return
        }
        for member in keywords.members {
            let value = member.value
            switch member.key.value {
            case "$ref":
                guard let target = resolve(value) else {
                    errors.append("\(path): unresolvable $ref \(value)")
                    continue
                }
                check(instance, against: target, at: path, into: &errors)
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
            case "minLength":
                if let string = instance.stringValue, let minimum = value.numberValue?.intValue, string.unicodeScalars.count < minimum {
                    errors.append("\(path): the string is shorter than \(minimum)")
                }
            case "minItems":
                if let array = instance.arrayValue, let minimum = value.numberValue?.intValue, array.count < minimum {
                    errors.append("\(path): the array has fewer than \(minimum) items")
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
                            check(member.value, against: propertySchema, at: "\(path).\(member.key.value)", into: &errors)
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
                            check(member.value, against: value, at: "\(path).\(member.key.value)", into: &errors)
                        }
                    }
                }
            case "items":
                if let array = instance.arrayValue {
                    for (index, element) in array.enumerated() {
                        check(element, against: value, at: "\(path)[\(index)]", into: &errors)
                    }
                }
            case "anyOf", "oneOf":
                let branches = value.arrayValue ?? []
                var branchErrors: [[String]] = []
                for branch in branches {
                    var found: [String] = []
                    check(instance, against: branch, at: path, into: &found)
                    branchErrors.append(found)
                }
                let passing = branchErrors.filter(\.isEmpty).count
                if member.key.value == "oneOf" && passing > 1 {
                    errors.append("\(path): matches \(passing) branches of oneOf, not exactly one")
                } else if passing == 0 {
                    let closest = branchErrors.min { $0.count < $1.count } ?? []
                    errors.append("\(path): matches no branch of \(member.key.value); closest: \(closest.joined(separator: "; "))")
                }
            case let keyword where SchemaChecker.annotations.contains(keyword):
                continue
            case let keyword:
                errors.append("\(path): the schema uses \"\(keyword)\", which this checker does not support")
            }
        }
    }

    /// The schema a `#/$defs/NAME` reference points to.
    private func resolve(_ reference: JSONValue) -> JSONValue? {
        guard let text = reference.stringValue, text.hasPrefix("#/$defs/") else { return nil }
        return root["$defs"]?[String(text.dropFirst("#/$defs/".count))]
    }

    /// Whether `value` has the JSON Schema type `name`.
    static func has(_ value: JSONValue, type name: String) -> Bool {
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
    static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
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
