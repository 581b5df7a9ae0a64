/**
 * The form an admin fills in to connect an account, read from the adapter's own config schema: one field per
 * top-level config key, its label the schema's description, secrets as password fields. Nothing here knows a
 * platform; the values a form sends come back as loose options for parseChannelOptions.
 */
import type { AnyChannelAdapter } from "@qnzs/adapters";
import { z } from "zod";
import type { LooseOptions } from "./channel-options.ts";

export type ConfigFieldInput =
  | "text"
  | "url"
  | "password"
  | "number"
  | "checkbox"
  | "select"
  | "choices"
  | "list"
  | "json";

export interface ConfigField {
  name: string;
  /** the schema's description, else the key itself */
  label: string;
  input: ConfigFieldInput;
  required: boolean;
  secret: boolean;
  /** the schema's default, as text, for a placeholder */
  defaultText: string | null;
  /** the adapter's example value (never for a secret), as text */
  exampleText: string | null;
  /** for select and choices */
  options: string[];
  min: number | null;
  max: number | null;
}

interface JsonSchemaNode {
  type?: string | string[];
  format?: string;
  description?: string;
  enum?: unknown[];
  items?: JsonSchemaNode;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  anyOf?: JsonSchemaNode[];
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
}

function asText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value.join(", ");
  return JSON.stringify(value);
}

function inputOf(node: JsonSchemaNode, secret: boolean): ConfigFieldInput {
  if (secret) return "password";
  if (node.enum) return "select";
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  switch (type) {
    case "integer":
    case "number":
      return "number";
    case "boolean":
      return "checkbox";
    case "array":
      return node.items?.enum ? "choices" : "list";
    case "object":
      return "json";
    default:
      return node.format === "uri" ? "url" : "text";
  }
}

export function describeConfigFields(adapter: AnyChannelAdapter): ConfigField[] {
  const schema = z.toJSONSchema(adapter.config, { io: "input", unrepresentable: "any" }) as JsonSchemaNode;
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, raw]) => {
    const node = raw.anyOf?.find((option) => option.type !== "null") ?? raw;
    const secret = adapter.secretFields.includes(name);
    const input = inputOf(node, secret);
    return {
      name,
      label: raw.description ?? node.description ?? name,
      input,
      required: required.has(name) && raw.default === undefined,
      secret,
      defaultText: asText(raw.default ?? node.default),
      exampleText: secret ? null : asText(adapter.meta.example[name]),
      options: (input === "choices" ? node.items?.enum : node.enum)?.map(String) ?? [],
      min: node.minimum ?? null,
      max: node.maximum ?? null,
    };
  });
}

/**
 * A submitted form → loose options: empty fields are left out (so defaults apply and a secret left blank is not
 * overwritten with nothing), lists are split at commas, choices are collected, JSON stays text for the parser.
 */
export function readConfigForm(fields: readonly ConfigField[], read: (name: string) => string[]): LooseOptions {
  const options: LooseOptions = {};
  for (const field of fields) {
    const values = read(field.name).map((value) => value.trim());
    if (field.input === "choices") {
      if (values.length > 0) options[field.name] = values.filter(Boolean);
      continue;
    }
    if (field.input === "checkbox") {
      options[field.name] = values.includes("true") ? "true" : "false";
      continue;
    }
    const value = values[0] ?? "";
    if (value === "") continue;
    options[field.name] =
      field.input === "list"
        ? value
            .split(/[,，\n]/)
            .map((part) => part.trim())
            .filter(Boolean)
        : value;
  }
  return options;
}
