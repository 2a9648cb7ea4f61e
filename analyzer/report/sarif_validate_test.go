package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/velo-lsp/velo-lsp/analyzer"
)

// TestSARIFValidator checks the SARIF output with Microsoft's validator
// (npm @microsoft/sarif-multitool, `validate`): no error and no warning.
//
// The validator is taken from $VELO_SARIF_MULTITOOL (a path to the
// sarif-multitool executable) or installed once with npm into
// $TMPDIR/velo-lsp-sarif-multitool. Without npm the test is skipped, except
// under CI=true, where it fails.
func TestSARIFValidator(t *testing.T) {
	if testing.Short() && os.Getenv("CI") == "" {
		t.Skip("-short: the validator takes seconds")
	}
	tool, err := sarifMultitool()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("SARIF validator unavailable under CI: %v", err)
		}
		t.Skipf("SARIF validator unavailable: %v", err)
	}
	t.Run("sample findings", func(t *testing.T) {
		validateSARIF(t, tool, sampleDiagnostics(t), sampleOptions())
	})
	t.Run("every rule of the analyzer", func(t *testing.T) {
		// The real rule docs must make a clean rules array too.
		var diags []analyzer.Diagnostic
		for _, r := range analyzer.Rules() {
			sev := r.Severity
			if sev == analyzer.SeverityOff {
				sev = analyzer.SeverityInfo
			}
			diags = append(diags, analyzer.Diagnostic{
				Path: "src/backend/events.js", Range: at(t, "src/backend/events.js", "wixBilling_onInvoicePayed", 0),
				Code: r.ID, Rule: r.Name, Severity: sev, Message: r.Title,
			})
		}
		if len(diags) == 0 {
			t.Skip("the analyzer declares no rules yet")
		}
		opts := sampleOptions()
		opts.Rules = analyzer.Rules()
		validateSARIF(t, tool, diags, opts)
	})
}

// validateSARIF writes diags as SARIF and fails on every error or warning of
// the validator.
func validateSARIF(t *testing.T, tool string, diags []analyzer.Diagnostic, opts Options) {
	dir := t.TempDir()
	in := filepath.Join(dir, "check.sarif")
	opts.SrcRoot = dir
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, diags, opts); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "validation.sarif")
	cmd := exec.Command(tool, "validate", "--level", "Error;Warning;Note", "--log", "ForceOverwrite", "-o", out, in)
	cmd.Env = append(os.Environ(), "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1", "DOTNET_CLI_TELEMETRY_OPTOUT=1")
	console, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("validator failed: %v\n%s", err, console)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("validator wrote no log: %v\n%s", err, console)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID  string `json:"ruleId"`
				Level   string `json:"level"`
				Message struct {
					ID        string   `json:"id"`
					Text      string   `json:"text"`
					Arguments []string `json:"arguments"`
				} `json:"message"`
			} `json:"results"`
			Invocations []struct {
				ExecutionSuccessful        bool `json:"executionSuccessful"`
				ToolExecutionNotifications []struct {
					Level   string `json:"level"`
					Message struct {
						Text string `json:"text"`
					} `json:"message"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatalf("validator log: %v", err)
	}
	if len(log.Runs) == 0 {
		t.Fatalf("validator log has no run:\n%s", data)
	}
	for _, inv := range log.Runs[0].Invocations {
		for _, n := range inv.ToolExecutionNotifications {
			if n.Level == "error" {
				t.Errorf("validator could not run cleanly: %s", n.Message.Text)
			}
		}
	}
	// The validator gives up silently on a log it cannot deserialize (an
	// unknown enum value such as level "info" does that): it then reports
	// nothing at all. A log it did read always gets its advisory notes (we
	// write message text rather than ids, and no snippets), so an empty
	// answer means it never looked.
	if len(log.Runs[0].Results) == 0 {
		t.Errorf("the validator reported nothing, not even its advisory notes: it could not read the log\n%s", console)
	}
	for _, r := range log.Runs[0].Results {
		level := r.Level
		if level == "" {
			level = "warning" // SARIF's default level
		}
		what := fmt.Sprintf("%s %s %s %v", level, r.RuleID, r.Message.ID, r.Message.Arguments)
		switch level {
		case "error", "warning":
			t.Errorf("validator: %s", what)
		default:
			t.Logf("validator: %s", what)
		}
	}
	if t.Failed() {
		t.Logf("validator console:\n%s", console)
	}
}

// sarifMultitool returns the path of a runnable sarif-multitool, installing
// it with npm when needed.
func sarifMultitool() (string, error) {
	if p := os.Getenv("VELO_SARIF_MULTITOOL"); p != "" {
		return p, nil
	}
	prefix := filepath.Join(os.TempDir(), "velo-lsp-sarif-multitool")
	bin := filepath.Join(prefix, "node_modules", ".bin", "sarif-multitool")
	if _, err := os.Stat(bin); err != nil {
		npm, err := exec.LookPath("npm")
		if err != nil {
			return "", fmt.Errorf("npm not found: %w", err)
		}
		if err := os.MkdirAll(prefix, 0o755); err != nil {
			return "", err
		}
		cmd := exec.Command(npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", prefix, "@microsoft/sarif-multitool@5")
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("npm install @microsoft/sarif-multitool: %v\n%s", err, out)
		}
	}
	// npm may skip the package's postinstall (which only marks the native
	// executable as runnable): do it here.
	natives, _ := filepath.Glob(filepath.Join(prefix, "node_modules", "@microsoft", "sarif-multitool-*", "Sarif.Multitool"))
	for _, n := range natives {
		if fi, err := os.Stat(n); err == nil && fi.Mode()&0o100 == 0 {
			_ = os.Chmod(n, fi.Mode()|0o755)
		}
	}
	// Prefer the native executable: the npm wrapper runs it through a shell,
	// which splits the validator's semicolon-separated arguments.
	for _, n := range natives {
		if runtime.GOOS == "linux" && strings.Contains(n, "sarif-multitool-linux") {
			return n, nil
		}
	}
	if _, err := os.Stat(bin); err != nil {
		return "", fmt.Errorf("sarif-multitool missing after install: %w", err)
	}
	return bin, nil
}
