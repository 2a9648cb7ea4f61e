package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func runCatalogCmd(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(append([]string{"catalog"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCatalogTableFilter(t *testing.T) {
	code, out, errs := runCatalogCmd("billing")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[0], "MODULE") || !strings.Contains(lines[0], "HANDLER") || !strings.Contains(lines[0], "STATUS") {
		t.Errorf("header %q", lines[0])
	}
	if len(lines) != 9 {
		t.Errorf("billing lists %d events, want 8:\n%s", len(lines)-1, out)
	}
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, "wix-billing-backend ") || !strings.Contains(l, "wixBilling_on") || !strings.Contains(l, "current") {
			t.Errorf("unexpected line %q", l)
		}
	}
	_, all, _ := runCatalogCmd()
	if n := strings.Count(all, "\n"); n < 300 {
		t.Errorf("unfiltered table has %d lines", n)
	}
	if !strings.Contains(all, "wixStores_onOrderPaid") || !strings.Contains(all, "deprecated 2024-09-04 → wixEcom_onOrderPaymentStatusUpdated") {
		t.Error("deprecated rows do not show date and replacement")
	}
}

func TestCatalogJSON(t *testing.T) {
	code, out, errs := runCatalogCmd("--format", "json", "billing")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var events []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &events); err != nil {
		t.Fatalf("not a JSON array: %v", err)
	}
	if len(events) != 8 {
		t.Fatalf("%d events", len(events))
	}
	for _, k := range []string{"module", "event", "handler", "status", "replacement", "maturity", "payloadType", "fields", "docsUrl", "source"} {
		if _, ok := events[0][k]; !ok {
			t.Errorf("key %q missing", k)
		}
	}
	var typed []struct {
		Module, Handler, PayloadType, DocsURL string
		Fields                                []struct {
			Name, Type string
			Array      bool
			Fields     []struct{ Name, Type string }
		}
	}
	if err := json.Unmarshal([]byte(out), &typed); err != nil {
		t.Fatal(err)
	}
	inv := typed[2] // sorted by handler: Created, Overdue, Paid
	if inv.Handler != "wixBilling_onInvoicePaid" || inv.PayloadType != "Invoice" || !strings.HasPrefix(inv.DocsURL, "https://dev.wix.com/") {
		t.Errorf("event = %+v", inv)
	}
	nested, arrays := false, false
	for _, f := range inv.Fields {
		if len(f.Fields) > 0 {
			nested = true
		}
		if f.Array {
			arrays = true
		}
	}
	if !nested || !arrays {
		t.Errorf("fields lack nesting (%v) or arrays (%v)", nested, arrays)
	}
}

func TestCatalogUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"--bogus"}, {"--format", "xml"}, {"billing", "crm"}} {
		code, out, errs := runCatalogCmd(args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		if out != "" || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "velo-lsp catalog: ") {
			t.Errorf("%v: stdout %q, stderr %q: want one line on stderr", args, out, errs)
		}
	}
}

func TestCatalogHelp(t *testing.T) {
	code, out, errs := runCatalogCmd("-h")
	if code != 0 || errs != "" || !strings.HasPrefix(out, "usage: velo-lsp catalog") {
		t.Errorf("-h: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}
