package config

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/analyzer/sitefs/sitefstest"
	"github.com/velo-lsp/velo-lsp/catalog"
)

var update = flag.Bool("update", false, "rewrite KEYS.md")

func TestParseExample(t *testing.T) {
	f, err := Parse(FileName, []byte(Example))
	if err != nil {
		t.Fatal(err)
	}
	wantRules := []RuleLevel{
		{Rule: "VELO002", Level: analyzer.SeverityError, Offset: strings.Index(Example, `"VELO002"`)},
		{Rule: "not-exported", Level: analyzer.SeverityOff, Offset: strings.Index(Example, `"not-exported"`)},
	}
	if !reflect.DeepEqual(f.Rules, wantRules) {
		t.Errorf("Rules = %+v, want %+v", f.Rules, wantRules)
	}
	if want := []string{"src/packages/*", "packages/*"}; !reflect.DeepEqual(f.PackageRoots, want) {
		t.Errorf("PackageRoots = %q", f.PackageRoots)
	}
	if want := []string{"src/backend/legacy/", "**/*.generated.js"}; !reflect.DeepEqual(f.Ignore, want) {
		t.Errorf("Ignore = %q", f.Ignore)
	}
	if f.MaxFileSize != 2097152 {
		t.Errorf("MaxFileSize = %d", f.MaxFileSize)
	}
	want := []ExtraEvent{{
		Module: "wix-billing-backend", Handler: "wixBilling_onInvoiceRefunded", PayloadType: "InvoiceRefundedEvent",
		Fields: []catalog.Field{
			{Name: "invoiceId", Type: "string"},
			{Name: "amount", Type: "Money", Fields: []catalog.Field{{Name: "value", Type: "string"}}},
		},
		DocsURL: "https://dev.wix.com/docs/velo",
		Offset:  strings.Index(Example, `{`+"\n      \"module\""),
	}}
	if !reflect.DeepEqual(f.ExtraEvents, want) {
		t.Errorf("ExtraEvents = %+v\nwant %+v", f.ExtraEvents, want)
	}
}

func TestParseAbsentKeysKeepDefaults(t *testing.T) {
	f, err := Parse("c.json", []byte("{}"))
	if err != nil {
		t.Fatal(err)
	}
	if f.Rules != nil || f.PackageRoots != nil || f.Ignore != nil || f.ExtraEvents != nil || f.MaxFileSize != 0 {
		t.Errorf("empty object: %+v", f)
	}
	f, err = Parse("c.json", []byte(`{"packageRoots": [], "ignore": []}`))
	if err != nil {
		t.Fatal(err)
	}
	if f.PackageRoots == nil || len(f.PackageRoots) != 0 || f.Ignore == nil {
		t.Errorf("empty arrays must be kept (they replace the defaults): %+v", f)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // every error, in order
	}{
		{"unknown key names line, column and key",
			"{\n  \"rules\": {},\n  \"ignore\": [],\n  \"rulez\": {}\n}",
			[]string{`.velo-lsp.json:4:3: unknown key "rulez" (did you mean "rules"?)`}},
		{"unknown key far from any",
			`{"colour": true}`,
			[]string{`.velo-lsp.json:1:2: unknown key "colour" (known keys: rules, packageRoots, ignore, extraEvents, maxFileSize, looseFiles)`}},
		{"key in another case",
			`{"PackageRoots": []}`,
			[]string{`.velo-lsp.json:1:2: unknown key "PackageRoots" (did you mean "packageRoots"?)`}},
		{"bad level",
			"{\"rules\": {\n  \"VELO001\": \"warn\"}}",
			[]string{`.velo-lsp.json:2:14: rules.VELO001: level "warn" is not one of off, info, warning, error (did you mean "warning"?)`}},
		{"level not a string",
			`{"rules": {"VELO001": 2}}`,
			[]string{`.velo-lsp.json:1:23: rules.VELO001: want a string, got a number`}},
		{"rules not an object",
			`{"rules": ["VELO001"]}`,
			[]string{`.velo-lsp.json:1:11: rules: want an object, got an array`}},
		{"package roots not an array",
			`{"packageRoots": "packages/*"}`,
			[]string{`.velo-lsp.json:1:18: packageRoots: want an array, got a string`}},
		{"package roots: absolute, backslash, dot-dot, bad glob, empty",
			`{"packageRoots": ["/abs", "a\\b", "../x", "p/[", ""]}`,
			[]string{
				`.velo-lsp.json:1:19: packageRoots[0]: "/abs" must be relative to the root`,
				`.velo-lsp.json:1:27: packageRoots[1]: "a\\b" must use forward slashes`,
				`.velo-lsp.json:1:35: packageRoots[2]: "../x" must stay inside the root (no ..)`,
				`.velo-lsp.json:1:43: packageRoots[3]: "p/[" is not a valid glob`,
				`.velo-lsp.json:1:50: packageRoots[4]: must not be empty`,
			}},
		{"ignore: columns count UTF-16 units after an emoji",
			`{"ignore": ["🎉", "["]}`,
			[]string{`.velo-lsp.json:1:19: ignore[1]: "[" is not a valid glob`}},
		{"ignore: a lone negation",
			`{"ignore": ["!"]}`,
			[]string{`.velo-lsp.json:1:13: ignore[0]: "!" is empty once its ! and trailing / are removed`}},
		{"max file size negative, fractional, string",
			"{\"maxFileSize\": -1}",
			[]string{`.velo-lsp.json:1:17: maxFileSize: want a positive whole number of bytes, got -1`}},
		{"max file size fractional",
			"{\"maxFileSize\": 1.5}",
			[]string{`.velo-lsp.json:1:17: maxFileSize: want a positive whole number of bytes, got 1.5`}},
		{"extra event: bad handler, missing module",
			`{"extraEvents": [{"handler": "wixBilling-onPaid"}]}`,
			[]string{
				`.velo-lsp.json:1:30: extraEvents[0].handler: "wixBilling-onPaid" is not a handler name (want <prefix>_on<Event>, e.g. wixBilling_onInvoicePaid)`,
				`.velo-lsp.json:1:18: extraEvents[0]: missing required key "module"`,
			}},
		{"extra event: unknown key with hint",
			`{"extraEvents": [{"module": "m", "hander": "wixA_onB"}]}`,
			[]string{
				`.velo-lsp.json:1:34: extraEvents[0]: unknown key "hander" (did you mean "handler"?)`,
				`.velo-lsp.json:1:18: extraEvents[0]: missing required key "handler"`,
			}},
		{"extra event: event does not match handler",
			`{"extraEvents": [{"module": "m", "handler": "wixA_onB", "event": "onC"}]}`,
			[]string{`.velo-lsp.json:1:18: extraEvents[0].event: "onC" does not match handler "wixA_onB" (want "onB")`}},
		{"extra event: event shape, docs URL scheme",
			`{"extraEvents": [{"module": "m", "handler": "wixA_onB", "event": "B", "docsUrl": "ftp://x"}]}`,
			[]string{
				`.velo-lsp.json:1:66: extraEvents[0].event: "B" is not an event name (want on<Event>, e.g. onInvoicePaid)`,
				`.velo-lsp.json:1:82: extraEvents[0].docsUrl: "ftp://x" is not an http or https URL`,
			}},
		{"extra event declared twice",
			`{"extraEvents": [{"module": "m", "handler": "wixA_onB"}, {"module": "m", "handler": "wixA_onB"}]}`,
			[]string{`.velo-lsp.json:1:58: extraEvents[1]: wixA_onB in m is already declared by extraEvents[0]`}},
		{"nested field problems",
			`{"extraEvents": [{"module": "m", "handler": "wixA_onB", "fields": [{"name": "a", "fields": [{"type": "x", "array": "yes"}]}]}]}`,
			[]string{
				`.velo-lsp.json:1:116: extraEvents[0].fields[0].fields[0].array: want a boolean, got a string`,
				`.velo-lsp.json:1:93: extraEvents[0].fields[0].fields[0]: missing required key "name"`,
			}},
		{"entry not an object",
			`{"extraEvents": ["wixA_onB"]}`,
			[]string{`.velo-lsp.json:1:18: extraEvents[0]: want an object, got a string`}},
		{"duplicate key",
			"{\"ignore\": [],\n \"ignore\": []}",
			[]string{`.velo-lsp.json:2:2: duplicate key "ignore"`}},
		{"trailing comma is a syntax error at its place",
			"{\n  \"ignore\": [\"a\",]\n}",
			[]string{`.velo-lsp.json:2:18: invalid JSON: invalid character ']' looking for beginning of value`}},
		{"unterminated object",
			"{\"rules\": {}",
			[]string{`.velo-lsp.json:1:13: invalid JSON: unexpected end of file`}},
		{"empty file",
			"",
			[]string{`.velo-lsp.json:1:1: invalid JSON: unexpected end of file`}},
		{"not an object",
			"  [1]",
			[]string{`.velo-lsp.json:1:3: the file must hold a JSON object, not an array`}},
		{"data after the object",
			"{} {}",
			[]string{`.velo-lsp.json:1:4: unexpected data after the top-level value`}},
		{"CRLF lines",
			"{\r\n\"rules\": {},\r\n\"bogus\": 1\r\n}",
			[]string{`.velo-lsp.json:3:1: unknown key "bogus" (known keys: rules, packageRoots, ignore, extraEvents, maxFileSize, looseFiles)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse(FileName, []byte(tt.text))
			if err == nil {
				t.Fatalf("no error; parsed %+v", f)
			}
			if f != nil {
				t.Errorf("a file with errors must not be returned")
			}
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("error %T is not Errors: %v", err, err)
			}
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestErrorFields(t *testing.T) {
	_, err := Parse("dir/.velo-lsp.json", []byte("{\n  \"rules\": {\"a\": \"x\"}}"))
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("errors.As(*Error) failed on %v", err)
	}
	want := &Error{File: "dir/.velo-lsp.json", Offset: 19, Line: 2, Column: 18, Key: "rules.a",
		Msg: `rules.a: level "x" is not one of off, info, warning, error`}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("got %+v, want %+v", e, want)
	}
}

func testRules() []*analyzer.Rule {
	return []*analyzer.Rule{
		{ID: "VELO001", Name: "unknown-handler", Severity: analyzer.SeverityError},
		{ID: "VELO002", Name: "deprecated-event", Severity: analyzer.SeverityWarning},
		{ID: "VELO015", Name: "not-exported", Severity: analyzer.SeverityWarning},
	}
}

func TestApply(t *testing.T) {
	f, err := Parse(FileName, []byte(Example))
	if err != nil {
		t.Fatal(err)
	}
	cfg := analyzer.Config{Levels: map[string]analyzer.Severity{"VELO001": analyzer.SeverityInfo}}
	if err := f.Apply(&cfg, testRules()); err != nil {
		t.Fatal(err)
	}
	wantLevels := map[string]analyzer.Severity{
		"VELO001": analyzer.SeverityInfo, // kept from before
		"VELO002": analyzer.SeverityError,
		"VELO015": analyzer.SeverityOff, // named by its name, keyed by its id
	}
	if !reflect.DeepEqual(cfg.Levels, wantLevels) {
		t.Errorf("Levels = %v, want %v", cfg.Levels, wantLevels)
	}
	if !reflect.DeepEqual(cfg.PackageRoots, f.PackageRoots) || !reflect.DeepEqual(cfg.Ignore, f.Ignore) || cfg.MaxFileSize != 2097152 {
		t.Errorf("cfg = %+v", cfg)
	}
	if cfg.Catalog == nil {
		t.Fatal("extra events did not give a catalog")
	}
	evs := cfg.Catalog.Lookup("wixBilling_onInvoiceRefunded")
	if len(evs) != 1 || evs[0].Module != "wix-billing-backend" || evs[0].Event != "onInvoiceRefunded" ||
		len(evs[0].Fields) != 2 || !strings.Contains(evs[0].Source, FileName) {
		t.Errorf("Lookup(extra handler) = %+v", evs)
	}
	if len(catalog.Default().Lookup("wixBilling_onInvoiceRefunded")) != 0 {
		t.Error("Apply must not change the default catalog")
	}
}

func TestApplyLeavesAbsentKeys(t *testing.T) {
	f, err := Parse(FileName, []byte(`{"rules": {"velo001": "warning"}}`))
	if err != nil {
		t.Fatal(err)
	}
	cfg := analyzer.Config{PackageRoots: []string{"x/*"}, MaxFileSize: 10}
	if err := f.Apply(&cfg, testRules()); err != nil {
		t.Fatal(err)
	}
	if cfg.Levels["VELO001"] != analyzer.SeverityWarning || !reflect.DeepEqual(cfg.PackageRoots, []string{"x/*"}) ||
		cfg.MaxFileSize != 10 || cfg.Catalog != nil || cfg.Ignore != nil {
		t.Errorf("cfg = %+v", cfg)
	}
}

func TestApplyErrors(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string
	}{
		{"unknown rule with a hint", "{\"rules\": {\n \"VELO01\": \"off\"}}",
			`.velo-lsp.json:2:2: rules: unknown rule "VELO01" (did you mean "VELO001"?)`},
		{"unknown rule name", `{"rules": {"no-such-thing-at-all": "off"}}`,
			`.velo-lsp.json:1:12: rules: unknown rule "no-such-thing-at-all"`},
		{"id and name of the same rule", `{"rules": {"VELO001": "off", "unknown-handler": "error"}}`,
			`.velo-lsp.json:1:30: rules: "unknown-handler" names the same rule as "VELO001" (VELO001)`},
		{"extra event already in the catalog", `{"extraEvents": [{"module": "m", "handler": "wixA_onB"}]}`,
			`.velo-lsp.json:1:17: extraEvents: catalog: extra event "wixA_onB": already in module m`},
	}
	base, err := catalog.Default().WithExtra([]catalog.Event{{Module: "m", Handler: "wixA_onB"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse(FileName, []byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			cfg := analyzer.Config{Catalog: base}
			err = f.Apply(&cfg, testRules())
			if err == nil || err.Error() != tt.want {
				t.Errorf("Apply error = %v\nwant %s", err, tt.want)
			}
			if cfg.Levels != nil || cfg.Catalog != base {
				t.Errorf("cfg changed despite the error: %+v", cfg)
			}
		})
	}
}

func TestLocate(t *testing.T) {
	find := func(start string) (string, error) {
		f, err := Locate(start)
		if err != nil || f == nil {
			return "", err
		}
		return f.Path, nil
	}
	root := t.TempDir()
	mk := func(p string) string {
		p = filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write := func(p string) string {
		p = filepath.Join(root, filepath.FromSlash(p))
		if err := os.WriteFile(p, []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// repo/ is a repository holding a site in site/ and a loose folder.
	mk("repo/.git")
	top := write("repo/" + FileName)
	deep := mk("repo/loose/velo/backend")
	eventsFile := write("repo/loose/velo/backend/events.js")
	site := mk("repo/site/src/backend")
	write("repo/site/wix.config.json")
	// shared/ is a folder above which no repository or site root lies, with
	// a configuration in its parent: nobody's root.
	write(FileName)
	shared := mk("shared/project")
	mk("repo/weird/" + FileName)

	tests := []struct {
		name    string
		start   string
		want    string
		wantErr bool
	}{
		{"walks up to the repository root", deep, top, false},
		{"from a file", eventsFile, top, false},
		{"stops at the site root", site, "", false},
		{"with no repository or site root above, only the start folder", shared, "", false},
		{"a config in the start folder itself", filepath.Join(root, "repo"), top, false},
		{"a directory of that name is an error", filepath.Join(root, "repo", "weird"), "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := find(tt.start)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("Locate(%s) = %q, %v; want %q (error %v)", tt.start, got, err, tt.want, tt.wantErr)
			}
		})
	}
	// A nearer file wins.
	near := write("repo/loose/" + FileName)
	if got, _ := find(deep); got != near {
		t.Errorf("Locate = %q, want the nearer %q", got, near)
	}
	f, err := FindAndLoad(deep)
	if err != nil || f == nil || f.Path != near {
		t.Errorf("FindAndLoad = %+v, %v", f, err)
	}
	if f, err := FindAndLoad(site); f != nil || err != nil {
		t.Errorf("FindAndLoad without a file = %+v, %v; want nil, nil", f, err)
	}
}

func TestConfigThatIsNotAPlainFileInTheRootIsRefused(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	if err := os.MkdirAll(filepath.Join(site, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(root, "secret")
	if err := os.WriteFile(secret, []byte("TOP-SECRET-BYTES"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(site, FileName)); err != nil {
		t.Fatal(err)
	}
	_, err := FindAndLoad(site)
	if err == nil {
		t.Fatal("a config linked to a file outside the root was read")
	}
	if strings.Contains(err.Error(), "TOP-SECRET") {
		t.Errorf("the error shows the link target's bytes: %v", err)
	}
	os.Remove(filepath.Join(site, FileName))
	if err := sitefstest.MakeFIFO(filepath.Join(site, FileName)); err != nil {
		t.Skip("no named pipes here")
	}
	done := make(chan error, 1)
	go func() { _, err := FindAndLoad(site); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("a named pipe as config: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("reading a named pipe as config blocked")
	}
}

func TestConfigWithAByteOrderMark(t *testing.T) {
	f, err := Parse(FileName, []byte("\ufeff{\"maxFileSize\": 2048}"))
	if err != nil || f.MaxFileSize != 2048 {
		t.Fatalf("Parse with a BOM = %+v, %v", f, err)
	}
	_, err = Parse(FileName, []byte("\ufeff{\"rulez\": 1}"))
	var errs Errors
	if !errors.As(err, &errs) || errs[0].Line != 1 || errs[0].Column != 2 {
		t.Errorf("position after a BOM: %v", err)
	}
}

func TestLoadNamesTheFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(p, []byte("{\"x\": 1}"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(p)
	if err == nil || !strings.HasPrefix(err.Error(), p+":1:2: unknown key \"x\"") {
		t.Errorf("Load error = %v", err)
	}
	if _, err := Load(p + ".missing"); err == nil {
		t.Error("Load of a missing file must fail")
	}
}

// TestExampleUsesEveryKey keeps the documented example complete: each key of
// every table appears in it (so the parser is exercised on all of them).
func TestExampleUsesEveryKey(t *testing.T) {
	for _, keys := range [][]Key{Keys, ExtraEventKeys, FieldKeys} {
		for _, k := range keys {
			if k.parse == nil {
				t.Errorf("key %q has no parser", k.Name)
			}
			if k.Name == "event" || k.Name == "array" || k.Name == "optional" || k.Name == "doc" {
				continue // optional details, covered by TestParseErrors and TestEveryKeyAccepted
			}
			if !strings.Contains(Example, `"`+k.Name+`"`) {
				t.Errorf("Example does not show key %q", k.Name)
			}
		}
	}
}

// TestEveryKeyAccepted parses one file that sets every declared key, so a
// key documented in Keys but unknown to the parser (or the reverse) fails.
func TestEveryKeyAccepted(t *testing.T) {
	text := `{"rules": {"VELO001": "off"}, "packageRoots": ["p/*"], "ignore": ["x"], "maxFileSize": 5, "looseFiles": "error",
	"extraEvents": [{"module": "m", "handler": "wixA_onB", "event": "onB", "payloadType": "T", "docsUrl": "https://e.example/x",
	"fields": [{"name": "n", "type": "string", "array": true, "optional": true, "doc": "d", "fields": []}]}]}`
	f, err := Parse(FileName, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	fl := f.ExtraEvents[0].Fields[0]
	if !fl.Array || !fl.Optional || fl.Doc != "d" || f.ExtraEvents[0].Event != "onB" || f.ExtraEvents[0].PayloadType != "T" {
		t.Errorf("parsed %+v", f.ExtraEvents[0])
	}
	for _, keys := range [][]Key{Keys, ExtraEventKeys, FieldKeys} {
		for _, k := range keys {
			if !strings.Contains(text, `"`+k.Name+`"`) {
				t.Errorf("the test text does not set %q", k.Name)
			}
		}
	}
}

func TestKeysMarkdownIsCurrent(t *testing.T) {
	got := Markdown()
	if *update {
		if err := os.WriteFile("KEYS.md", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile("KEYS.md")
	if err != nil {
		t.Fatalf("%v (run go test ./analyzer/config -update)", err)
	}
	if got != string(want) {
		t.Errorf("KEYS.md is stale: run go test ./analyzer/config -update\n--- generated\n%s", got)
	}
	for _, keys := range [][]Key{Keys, ExtraEventKeys, FieldKeys} {
		for _, k := range keys {
			if !strings.Contains(got, "| `"+k.Name+"` |") {
				t.Errorf("Markdown lacks a row for %q", k.Name)
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(Example))
	f.Add([]byte(`{"rules": {"a": "off"}, "extraEvents": [{"fields": [{"fields": [{}]}]}]}`))
	f.Add([]byte("{\"ignore\": [\"🎉\", \"[\"]}\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(FileName, data)
		if err == nil {
			if file == nil {
				t.Fatal("nil file without error")
			}
			_ = file.Apply(&analyzer.Config{}, testRules())
			return
		}
		var errs Errors
		if !errors.As(err, &errs) || len(errs) == 0 {
			t.Fatalf("error %v is not a non-empty Errors", err)
		}
		for _, e := range errs {
			if e.Line < 1 || e.Column < 1 || e.Offset < 0 || e.Offset > len(data) {
				t.Fatalf("bad position in %+v", e)
			}
		}
	})
}

// TestExampleAppliesWithTheRealRules keeps the documented example true to
// the analyzer's rule ids and names.
func TestExampleAppliesWithTheRealRules(t *testing.T) {
	f, err := Parse(FileName, []byte(Example))
	if err != nil {
		t.Fatal(err)
	}
	var cfg analyzer.Config
	if err := f.Apply(&cfg, analyzer.Rules()); err != nil {
		t.Fatalf("the README example does not apply: %v", err)
	}
}

func TestLooseFilesKey(t *testing.T) {
	f, err := Parse(FileName, []byte(`{"looseFiles": "ignore"}`))
	if err != nil {
		t.Fatal(err)
	}
	var cfg analyzer.Config
	if err := f.Apply(&cfg, analyzer.Rules()); err != nil || cfg.LooseFiles != "ignore" {
		t.Errorf("Apply: %v, LooseFiles %q", err, cfg.LooseFiles)
	}
	if _, err := Parse(FileName, []byte(`{"looseFiles": "sometimes"}`)); err == nil || !strings.Contains(err.Error(), `want "judge", "ignore" or "error"`) {
		t.Errorf("a bad value: %v", err)
	}
}
