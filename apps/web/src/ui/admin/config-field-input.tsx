import type { ConfigField } from "@qnzs/crawlers/config-fields";

/**
 * One field of a channel account's config, rendered from what the adapter's schema says about it. Secrets are
 * password fields that never carry a value; examples and defaults are placeholders, not values.
 */
export function ConfigFieldInput({ field }: { field: ConfigField }) {
  const name = `config.${field.name}`;
  const id = `config-${field.name}`;
  const hint = field.secret ? "不会回显；仅加密保存" : (field.exampleText ?? field.defaultText ?? undefined);
  const label = (
    <span>
      {field.label}
      {field.required ? <span aria-hidden="true"> *</span> : null}
      {field.label !== field.name ? <small className="field-key">{field.name}</small> : null}
    </span>
  );
  switch (field.input) {
    case "checkbox":
      return (
        <label className="check">
          <input id={id} type="checkbox" name={name} value="true" defaultChecked={field.defaultText === "true"} />
          {label}
        </label>
      );
    case "select":
      return (
        <label className="field">
          {label}
          <select id={id} name={name} required={field.required} defaultValue="">
            <option value="">{field.defaultText ? `默认（${field.defaultText}）` : "请选择"}</option>
            {field.options.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
      );
    case "choices": {
      const chosen = new Set((field.defaultText ?? "").split(",").map((part) => part.trim()));
      return (
        <fieldset className="wide">
          <legend>{field.label}</legend>
          <div className="choices">
            {field.options.map((option) => (
              <label key={option} className="check">
                <input type="checkbox" name={name} value={option} defaultChecked={chosen.has(option)} />
                <span>{option}</span>
              </label>
            ))}
          </div>
        </fieldset>
      );
    }
    case "json":
      return (
        <label className="field wide">
          {label}
          <textarea id={id} name={name} required={field.required} rows={4} placeholder={hint} spellCheck={false} />
        </label>
      );
    case "number":
      return (
        <label className="field">
          {label}
          <input
            id={id}
            name={name}
            type="number"
            required={field.required}
            min={field.min ?? undefined}
            max={field.max ?? undefined}
            placeholder={hint}
          />
        </label>
      );
    case "list":
      return (
        <label className="field">
          {label}
          <input id={id} name={name} required={field.required} placeholder={hint ?? "多个用逗号分隔"} />
        </label>
      );
    default:
      return (
        <label className="field">
          {label}
          <input
            id={id}
            name={name}
            type={field.input === "password" ? "password" : field.input === "url" ? "url" : "text"}
            required={field.required}
            placeholder={hint}
            autoComplete={field.secret ? "new-password" : "off"}
          />
        </label>
      );
  }
}
