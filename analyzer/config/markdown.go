package config

import (
	"fmt"
	"strings"
)

// Example is a complete configuration file, shown in the generated
// documentation; a test checks that Parse accepts it.
const Example = `{
  "rules": {
    "VELO002": "error",
    "not-exported": "off"
  },
  "packageRoots": ["src/packages/*", "packages/*"],
  "ignore": ["src/backend/legacy/", "**/*.generated.js"],
  "extraEvents": [
    {
      "module": "wix-billing-backend",
      "handler": "wixBilling_onInvoiceRefunded",
      "payloadType": "InvoiceRefundedEvent",
      "fields": [
        { "name": "invoiceId", "type": "string" },
        { "name": "amount", "type": "Money", "fields": [{ "name": "value", "type": "string" }] }
      ],
      "docsUrl": "https://dev.wix.com/docs/velo"
    }
  ],
  "maxFileSize": 2097152,
  "looseFiles": "judge"
}
`

// Markdown renders the documentation of every key, generated from Keys,
// ExtraEventKeys and FieldKeys: the README's configuration section.
func Markdown() string {
	var b strings.Builder
	b.WriteString("<!-- Generated from analyzer/config/keys.go by `go test ./analyzer/config -update`. Do not edit. -->\n\n")
	fmt.Fprintf(&b, "`velo-lsp check` and `velo-lsp serve` read `%s`, found by walking up from the checked path "+
		"(or the workspace folder) to the repository or site root (the nearest folder with `.git` or "+
		"`wix.config.json`; only the checked folder itself when there is neither), and read only if it is a "+
		"regular file inside that root. Every key is optional; an unknown key or a bad value "+
		"is an error that names the file, the line and the key.\n\n", FileName)
	table(&b, Keys)
	b.WriteString("\nEach entry of `extraEvents`:\n\n")
	table(&b, ExtraEventKeys)
	b.WriteString("\nEach entry of `fields`:\n\n")
	table(&b, FieldKeys)
	b.WriteString("\nExample:\n\n```json\n" + Example + "```\n")
	return b.String()
}

func table(b *strings.Builder, keys []Key) {
	b.WriteString("| Key | Type | Default | Meaning |\n| --- | --- | --- | --- |\n")
	for _, k := range keys {
		def := k.Default
		if k.Required {
			def = "required"
		}
		fmt.Fprintf(b, "| `%s` | %s | %s | %s |\n", k.Name, cell(k.Type), cell(def), cell(k.Doc))
	}
}

// cell escapes a Markdown table cell.
func cell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ")
}
