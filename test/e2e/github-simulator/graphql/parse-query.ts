/**
 * A small GraphQL parser: one operation with variables, fields, aliases, arguments and nested
 * selections. Fragments and directives are not supported (the app sends neither); they fail
 * loudly so a test notices instead of getting a wrong answer.
 */

export type Value =
  | { kind: "variable"; name: string }
  | { kind: "literal"; value: unknown }
  | { kind: "list"; values: Value[] }
  | { kind: "object"; fields: Record<string, Value> };

export interface Field {
  alias: string;
  name: string;
  args: Record<string, Value>;
  selections?: Field[];
}

export interface Operation {
  type: "query" | "mutation";
  variables: { name: string; type: string; required: boolean; defaultValue?: Value }[];
  selections: Field[];
}

const TOKEN =
  /\s*(?:#[^\n]*|,|("""[\s\S]*?"""|"(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(\.\.\.|[!$():=@[\]{}|])|([_A-Za-z][_0-9A-Za-z]*))/y;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (!match) {
      if (/^\s*$/.test(source.slice(start))) break;
      throw new Error(`Parse error on "${source.slice(start, start + 10).trim()}"`);
    }
    const token = match[1] ?? match[2] ?? match[3] ?? match[4];
    if (token !== undefined) tokens.push(token);
  }
  return tokens;
}

/** Parses `source`; throws with a GraphQL-like message on anything outside the subset. */
export function parseQuery(source: string): Operation {
  const tokens = tokenize(source);
  let at = 0;
  const peek = () => tokens[at];
  const next = () => {
    const token = tokens[at++];
    if (token === undefined) throw new Error("Parse error: unexpected end of document");
    return token;
  };
  const expect = (token: string) => {
    const got = next();
    if (got !== token) throw new Error(`Parse error: expected "${token}", got "${got}"`);
  };

  function parseValue(): Value {
    const token = next();
    if (token === "$") return { kind: "variable", name: next() };
    if (token === "[") {
      const values: Value[] = [];
      while (peek() !== "]") values.push(parseValue());
      next();
      return { kind: "list", values };
    }
    if (token === "{") {
      const fields: Record<string, Value> = {};
      while (peek() !== "}") {
        const name = next();
        expect(":");
        fields[name] = parseValue();
      }
      next();
      return { kind: "object", fields };
    }
    if (token.startsWith('"""')) return { kind: "literal", value: token.slice(3, -3) };
    if (token.startsWith('"')) return { kind: "literal", value: JSON.parse(token) };
    if (/^-?\d/.test(token)) return { kind: "literal", value: Number(token) };
    if (token === "true" || token === "false") return { kind: "literal", value: token === "true" };
    if (token === "null") return { kind: "literal", value: null };
    return { kind: "literal", value: token }; // enum value
  }

  /** A type reference as written (`[ID!]!`). */
  function parseType(): string {
    let type: string;
    if (peek() === "[") {
      next();
      type = `[${parseType()}]`;
      expect("]");
    } else {
      type = next();
    }
    if (peek() === "!") {
      next();
      return `${type}!`;
    }
    return type;
  }

  function parseSelections(): Field[] {
    expect("{");
    const fields: Field[] = [];
    while (peek() !== "}") {
      if (peek() === "...") throw new Error("Fragments are not supported by the simulator");
      if (peek() === "@") throw new Error("Directives are not supported by the simulator");
      const alias = next();
      let name = alias;
      if (peek() === ":") {
        next();
        name = next();
      }
      const args: Record<string, Value> = {};
      if (peek() === "(") {
        next();
        while (peek() !== ")") {
          const argName = next();
          expect(":");
          args[argName] = parseValue();
        }
        next();
      }
      fields.push({
        alias,
        name,
        args,
        ...(peek() === "{" ? { selections: parseSelections() } : {}),
      });
    }
    next();
    return fields;
  }

  let type: Operation["type"] = "query";
  const variables: Operation["variables"] = [];
  if (peek() === "query" || peek() === "mutation") {
    type = next() as Operation["type"];
    if (peek() !== "(" && peek() !== "{") next(); // operation name
    if (peek() === "(") {
      next();
      while (peek() !== ")") {
        expect("$");
        const name = next();
        expect(":");
        const type = parseType();
        const variable: Operation["variables"][number] = {
          name,
          type,
          required: type.endsWith("!"),
        };
        if (peek() === "=") {
          next();
          variable.defaultValue = parseValue();
        }
        variables.push(variable);
      }
      next();
    }
  }
  const selections = parseSelections();
  if (at < tokens.length) throw new Error("Only one operation per document is supported");
  return { type, variables, selections };
}
