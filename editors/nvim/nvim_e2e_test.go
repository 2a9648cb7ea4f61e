// Package nvim tests the Neovim plugin (lua/velo_lsp) end to end with the
// real, headless Neovim installed on the machine and the velo-lsp binary built
// from this repository.
//
// The tests skip when nvim is not on PATH, except under CI=true, where a
// missing nvim is a failure (.ci/run installs Debian's neovim package).
package nvim

import (
	"bytes"
	"context"
	"encoding/json"
	"github.com/velo-lsp/velo-lsp/analyzer/site"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// findNvim returns the nvim executable or skips (fails under CI=true).
func findNvim(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("nvim")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("nvim not found on PATH under CI=true: install it (apt-get install -y neovim)")
		}
		t.Skip("nvim not on PATH")
	}
	return p
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	buildOut  []byte
)

// serverBinary builds velo-lsp once per test binary, unless $VELO_LSP_BIN
// names one already built.
func serverBinary(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("VELO_LSP_BIN"); p != "" {
		return p
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "velo-lsp-nvim-e2e")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "velo-lsp")
		cmd := exec.Command("go", "build", "-o", binPath, "github.com/velo-lsp/velo-lsp/cmd/velo-lsp")
		buildOut, buildErr = cmd.CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("building velo-lsp: %v\n%s", buildErr, buildOut)
	}
	return binPath
}

// copyTree copies testdata/<name> into a fresh temporary directory.
func copyTree(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join("testdata", name)
	dst := t.TempDir()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// diag is a vim.diagnostic entry: 0-based lines, 0-based byte columns.
type diag struct {
	Lnum     int    `json:"lnum"`
	Col      int    `json:"col"`
	EndLnum  int    `json:"end_lnum"`
	EndCol   int    `json:"end_col"`
	Severity int    `json:"severity"`
	Message  string `json:"message"`
	Code     any    `json:"code"`
	Source   string `json:"source"`
}

type item struct {
	Label         string `json:"label"`
	Detail        string `json:"detail"`
	Kind          int    `json:"kind"`
	InsertText    string `json:"insertText"`
	NewText       string `json:"newText"`
	Documentation string `json:"documentation"`
}

type results struct {
	Nvim                string   `json:"nvim"`
	Error               string   `json:"error"`
	Filetype            string   `json:"filetype"`
	Attached            bool     `json:"attached"`
	ClientName          string   `json:"client_name"`
	RootDir             string   `json:"root_dir"`
	OffsetEncoding      string   `json:"offset_encoding"`
	Published           bool     `json:"published"`
	PublishedAfterEdit  bool     `json:"published_after_edit"`
	Diagnostics         []diag   `json:"diagnostics"`
	Completion          []item   `json:"completion"`
	CompletionError     any      `json:"completion_error"`
	Hover               string   `json:"hover"`
	HoverError          any      `json:"hover_error"`
	PublishesBeforeEdit int      `json:"publishes_before_edit"`
	Lenses              bool     `json:"lenses"`
	LensTitles          []string `json:"lens_titles"`
	SampleRegister      string   `json:"sample_register"`
	SampleFiletype      string   `json:"sample_filetype"`
	SampleBuftype       string   `json:"sample_buftype"`
	SampleText          string   `json:"sample_text"`
}

// runNvim runs testdata/e2e.lua headless with env and decodes what it wrote.
func runNvim(t *testing.T, nvim string, env map[string]string) results {
	t.Helper()
	plugin, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	script, _ := filepath.Abs(filepath.Join("testdata", "e2e.lua"))
	tmp := t.TempDir()
	out := filepath.Join(tmp, "results.json")
	logFile := filepath.Join(tmp, "server.log")

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-u", script)
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(),
		"VELO_OUT="+out,
		"VELO_PLUGIN_DIR="+plugin,
		"VELO_LOG="+logFile,
		"XDG_STATE_HOME="+filepath.Join(tmp, "state"), // keep nvim's lsp.log out of $HOME
		"XDG_CACHE_HOME="+filepath.Join(tmp, "cache"),
		"XDG_DATA_HOME="+filepath.Join(tmp, "data"),
	)
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stderr bytes.Buffer
	cmd.Stdout = &stderr
	cmd.Stderr = &stderr
	runErr := cmd.Run()
	b, err := os.ReadFile(out)
	if err != nil {
		logText, _ := os.ReadFile(logFile)
		t.Fatalf("nvim wrote no results (run: %v): %v\nnvim output:\n%s\nserver log:\n%s", runErr, err, stderr.String(), tail(logText))
	}
	var r results
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("results: %v\n%s", err, b)
	}
	if r.Error != "" {
		logText, _ := os.ReadFile(logFile)
		t.Fatalf("the nvim script failed: %s\nserver log:\n%s", r.Error, tail(logText))
	}
	t.Logf("nvim %s, root %s, encoding %s, %d diagnostics, %d completions", r.Nvim, r.RootDir, r.OffsetEncoding, len(r.Diagnostics), len(r.Completion))
	return r
}

func tail(b []byte) string {
	const max = 4000
	if len(b) > max {
		b = b[len(b)-max:]
	}
	return string(b)
}

// byteCol is the 0-based byte column of needle on 0-based line n of text.
func byteCol(t *testing.T, text string, n int, needle string) int {
	t.Helper()
	lines := strings.Split(text, "\n")
	i := strings.Index(lines[n], needle)
	if i < 0 {
		t.Fatalf("%q not on line %d of the fixture", needle, n)
	}
	return i
}

func TestNeovimEndToEnd(t *testing.T) {
	nvim := findNvim(t)
	bin := serverBinary(t)
	site := copyTree(t, "site")
	file := filepath.Join(site, "src", "backend", "events.js")
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}

	r := runNvim(t, nvim, map[string]string{"VELO_LSP_BIN": bin, "VELO_FILE": file})

	if !r.Attached || r.ClientName != "velo_lsp" {
		t.Fatalf("client: attached=%v name=%q", r.Attached, r.ClientName)
	}
	if r.RootDir != site {
		t.Errorf("root_dir = %q, want the folder with wix.config.json %q", r.RootDir, site)
	}

	// The misspelled handler, on line 5 after an emoji: Neovim converts the
	// server's UTF-16 columns to bytes, so the column must be the byte offset.
	var unknown *diag
	for i := range r.Diagnostics {
		d := &r.Diagnostics[i]
		if d.Code == "VELO001" {
			unknown = d
		}
	}
	if unknown == nil {
		t.Fatalf("no VELO001 diagnostic; got %+v", r.Diagnostics)
	}
	wantCol := byteCol(t, string(text), 5, "wixBiling_onInvoiceSent")
	if unknown.Lnum != 5 || unknown.Col != wantCol || unknown.EndCol != wantCol+len("wixBiling_onInvoiceSent") {
		t.Errorf("VELO001 at %d:%d-%d, want 5:%d-%d", unknown.Lnum, unknown.Col, unknown.EndCol, wantCol, wantCol+len("wixBiling_onInvoiceSent"))
	}
	if !strings.Contains(unknown.Message, "wixBilling_onInvoiceSent") {
		t.Errorf("message does not suggest wixBilling_onInvoiceSent: %q", unknown.Message)
	}
	for _, d := range r.Diagnostics {
		if d.Lnum < 5 {
			t.Errorf("unexpected diagnostic on the correct handler: %+v", d)
		}
	}

	if !r.PublishedAfterEdit {
		t.Errorf("no publishDiagnostics for the edited version")
	}
	if r.CompletionError != nil {
		t.Fatalf("completion error: %v", r.CompletionError)
	}
	labels := map[string]item{}
	for _, it := range r.Completion {
		labels[it.Label] = it
	}
	created, ok := labels["wixBilling_onInvoiceCreated"]
	if !ok {
		t.Fatalf("completion after 'export function wixBilling_onInvoiceC' lacks wixBilling_onInvoiceCreated; got %d items: %v", len(r.Completion), keys(labels))
	}
	if !strings.Contains(created.Detail+created.Documentation, "wix-billing-backend") {
		t.Errorf("completion item names no module: %+v", created)
	}
	if _, dup := labels["wixBilling_onInvoicePaid"]; dup {
		t.Errorf("completion offers wixBilling_onInvoicePaid, already defined in the file")
	}

	if r.HoverError != nil {
		t.Fatalf("hover error: %v", r.HoverError)
	}
	for _, want := range []string{"wix-billing-backend", "onInvoicePaid"} {
		if !strings.Contains(r.Hover, want) {
			t.Errorf("hover on wixBilling_onInvoicePaid lacks %q:\n%s", want, r.Hover)
		}
	}

	// The "Copy a sample event" lens, run on the handler's line: the same
	// JSON as `velo-lsp sample`, in the unnamed register and a scratch JSON
	// buffer.
	if !r.Lenses || len(r.LensTitles) != 1 || r.LensTitles[0] != "Copy a sample event" {
		t.Fatalf("code lenses: shown=%v titles=%q, want one \"Copy a sample event\" (the misspelled handler has none)", r.Lenses, r.LensTitles)
	}
	want, err := exec.Command(bin, "sample", "wixBilling_onInvoicePaid").Output()
	if err != nil {
		t.Fatalf("velo-lsp sample: %v", err)
	}
	if strings.TrimSpace(r.SampleRegister) != strings.TrimSpace(string(want)) {
		t.Errorf("the register holds %q, want the output of velo-lsp sample", r.SampleRegister)
	}
	if r.SampleFiletype != "json" || r.SampleBuftype != "nofile" || strings.TrimSpace(r.SampleText) != strings.TrimSpace(string(want)) {
		t.Errorf("sample buffer: filetype %q, buftype %q, text %.80q", r.SampleFiletype, r.SampleBuftype, r.SampleText)
	}
}

// Settings given to setup() reach the server: with unknown-handler off, the
// misspelled handler is not reported.
func TestNeovimSettingsReachServer(t *testing.T) {
	nvim := findNvim(t)
	bin := serverBinary(t)
	site := copyTree(t, "site")
	file := filepath.Join(site, "src", "backend", "events.js")

	r := runNvim(t, nvim, map[string]string{
		"VELO_LSP_BIN":          bin,
		"VELO_FILE":             file,
		"VELO_SETTINGS":         `{"rules": {"unknown-handler": "off"}}`,
		"VELO_ONLY_DIAGNOSTICS": "1",
	})
	if !r.Published {
		t.Fatalf("no diagnostics were published for %s", file)
	}
	for _, d := range r.Diagnostics {
		if d.Code == "VELO001" {
			t.Errorf("VELO001 reported although the setting turns it off: %+v", d)
		}
	}
}

func keys(m map[string]item) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// The plugin's own logic (root detection, Velo file test, the client
// configuration, lsp/velo_lsp.lua), evaluated by the real Neovim.
func TestPluginLogic(t *testing.T) {
	nvim := findNvim(t)
	plugin, _ := filepath.Abs(".")
	root := t.TempDir()
	mk := func(rel string) string {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// A Wix site inside a git repository, a plain git repo, and a bare folder.
	mk("repo/.git/HEAD")
	mk("repo/site/wix.config.json")
	siteEvents := mk("repo/site/src/backend/events.js")
	sitePage := mk("repo/site/src/pages/Home.js")
	gitEvents := mk("repo/other/backend/events.ts")
	gitPage := mk("repo/other/web/app.js")
	gitLookAlike := mk("repo/other/src/public/events.web.js")
	bareEvents := mk("bare/backend/events.js")
	srcEvents := mk("plain/src/backend/events.js")
	mk("outer/backend/events.js")
	copyEvents := mk("outer/backend/pkg/backend/events.js")

	cases := []string{siteEvents, sitePage, gitEvents, gitPage, gitLookAlike, bareEvents, srcEvents, copyEvents}
	casesJSON, _ := json.Marshal(cases)
	out := filepath.Join(t.TempDir(), "unit.json")
	script, _ := filepath.Abs(filepath.Join("testdata", "unit.lua"))
	// A script error leaves headless nvim waiting for a key: bounded.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-u", script)
	cmd.Env = append(os.Environ(), "VELO_OUT="+out, "VELO_PLUGIN_DIR="+plugin, "VELO_CASES="+string(casesJSON))
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	type cfg struct {
		Name        string         `json:"name"`
		Cmd         []string       `json:"cmd"`
		Filetypes   []string       `json:"filetypes"`
		Settings    map[string]any `json:"settings"`
		InitOptions map[string]any `json:"init_options"`
		OnAttach    bool           `json:"on_attach"`
		Commands    []string       `json:"commands"`
	}
	var res struct {
		Error      string            `json:"error"`
		Roots      map[string]string `json:"roots"`
		Velo       map[string]bool   `json:"velo"`
		Default    cfg               `json:"default"`
		Custom     cfg               `json:"custom"`
		Wrapped    cfg               `json:"wrapped"`
		StringCmd  cfg               `json:"string_cmd"`
		EmptyRules cfg               `json:"empty_rules"`
		NoLenses   cfg               `json:"no_lenses"`
		Discovered struct {
			Cmd         []string `json:"cmd"`
			Filetypes   []string `json:"filetypes"`
			RootDirIsFn bool     `json:"root_dir_is_fn"`
		} `json:"discovered"`
	}
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	if res.Error != "" {
		t.Fatal(res.Error)
	}

	roots := []struct {
		name, path, want string
		velo             bool
	}{
		{"site events file: the folder with wix.config.json, not .git", siteEvents, filepath.Join(root, "repo/site"), true},
		{"page file of a site: still the site", sitePage, filepath.Join(root, "repo/site"), false},
		{"events.ts in a git repo without wix.config.json: the .git folder", gitEvents, filepath.Join(root, "repo"), true},
		{"ordinary JS in a git repo: no server", gitPage, "", false},
		{"look-alike in a git repo: the .git folder", gitLookAlike, filepath.Join(root, "repo"), true},
		{"events file with neither marker: the folder above backend", bareEvents, filepath.Join(root, "bare"), true},
		{"src/backend/events.js with neither marker: the folder above src", srcEvents, filepath.Join(root, "plain"), true},
		{"a copy inside a backend folder: above the outermost backend", copyEvents, filepath.Join(root, "outer"), true},
	}
	for _, c := range roots {
		t.Run(c.name, func(t *testing.T) {
			if got := res.Roots[c.path]; got != c.want {
				t.Errorf("root_dir = %q, want %q", got, c.want)
			}
			// One rule: where the plugin starts a server for a Velo file,
			// the root is the one the server and check compute.
			if c.velo {
				if server := site.RootOf(c.path); res.Roots[c.path] != server {
					t.Errorf("root_dir = %q, but site.RootOf = %q", res.Roots[c.path], server)
				}
			}
			if got := res.Velo[c.path]; got != c.velo {
				t.Errorf("is_velo_document = %v, want %v", got, c.velo)
			}
		})
	}

	eq := func(what string, got, want any) {
		t.Helper()
		gb, _ := json.Marshal(got)
		wb, _ := json.Marshal(want)
		if string(gb) != string(wb) {
			t.Errorf("%s = %s, want %s", what, gb, wb)
		}
	}
	eq("default cmd", res.Default.Cmd, []string{"velo-lsp", "serve"})
	eq("default name", res.Default.Name, "velo_lsp")
	// Empty Lua tables would go out as [] and the server rejects an array.
	// init_options also say that the plugin runs the sample command.
	eq("default settings", res.Default.Settings, map[string]any{"veloLsp": map[string]any{}})
	eq("default init_options", res.Default.InitOptions, map[string]any{"veloLsp": map[string]any{"sampleCommand": true}})
	eq("client commands", res.Default.Commands, []string{"veloLsp.showSampleEvent"})
	eq("code lens refresh on attach", res.Default.OnAttach, true)
	eq("codelens = false: no on_attach", res.NoLenses.OnAttach, false)
	eq("empty rules", res.EmptyRules.Settings, map[string]any{"veloLsp": map[string]any{"rules": map[string]any{}}})
	eq("custom cmd", res.Custom.Cmd, []string{"/opt/velo-lsp", "serve", "--log-level", "debug"})
	eq("custom settings", res.Custom.Settings, map[string]any{"veloLsp": map[string]any{"rules": map[string]any{"VELO001": "off"}}})
	eq("custom init_options", res.Custom.InitOptions, map[string]any{"veloLsp": map[string]any{"rules": map[string]any{"VELO001": "off"}, "sampleCommand": true}})
	eq("already wrapped settings", res.Wrapped.Settings, map[string]any{"veloLsp": map[string]any{"packageRoots": []string{"pk/*"}}})
	eq("string cmd", res.StringCmd.Cmd, []string{"/x/velo-lsp", "serve"})
	eq("lsp/velo_lsp.lua cmd", res.Discovered.Cmd, []string{"velo-lsp", "serve"})
	eq("lsp/velo_lsp.lua filetypes", res.Discovered.Filetypes, res.Default.Filetypes)
	if !res.Discovered.RootDirIsFn {
		t.Error("lsp/velo_lsp.lua has no root_dir function")
	}
}

// A look-alike file (events.jsw, which Neovim has no filetype for) gets the
// plugin's javascript filetype, the server, and the never-fires diagnostic.
func TestNeovimLookAlike(t *testing.T) {
	nvim := findNvim(t)
	bin := serverBinary(t)
	site := copyTree(t, "site")
	file := filepath.Join(site, "src", "backend", "events.jsw")
	if err := os.WriteFile(file, []byte("export function wixBilling_onInvoicePaid(event) {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runNvim(t, nvim, map[string]string{"VELO_LSP_BIN": bin, "VELO_FILE": file, "VELO_ONLY_DIAGNOSTICS": "1"})
	if r.Filetype != "javascript" {
		t.Errorf("filetype of events.jsw = %q, want javascript", r.Filetype)
	}
	if !r.Published {
		t.Fatalf("no diagnostics were published for %s", file)
	}
	if len(r.Diagnostics) != 1 || r.Diagnostics[0].Code != "VELO020" || r.Diagnostics[0].Lnum != 0 || r.Diagnostics[0].Col != len("export function ") {
		t.Errorf("diagnostics = %+v, want one VELO020 at 0:%d", r.Diagnostics, len("export function "))
	}
}
