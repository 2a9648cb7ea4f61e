package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/velo-lsp/velo-lsp/analyzer/sitefs/sitefstest"
)

// Tests for what `check` and `--fix` promise: nothing outside the checked
// root is read, printed or written; no input hangs it; the exit status says
// what remains.

func TestFixExitStatusSaysWhatRemains(t *testing.T) {
	src := "export function wixBilling_onInvoicePayed(event) {}\nexport function wixNotAModule_onThing(event) {}\n"
	root := writeSite(t, map[string]string{"src/backend/events.js": src})
	// --diff: the typo would be fixed, the unknown prefix remains: status 1.
	out, errOut, status := runCmd(t, "check", "--diff", root)
	if status != 1 || !strings.Contains(out, "+export function wixBilling_onInvoicePaid") {
		t.Fatalf("--diff: status %d, stdout\n%s\nstderr %s", status, out, errOut)
	}
	// --fix: the same, and the remaining finding is printed.
	out, _, status = runCmd(t, "check", "--fix", root)
	if status != 1 || !strings.Contains(out, "wixNotAModule_onThing") || strings.Contains(out, "onInvoicePayed") {
		t.Fatalf("--fix: status %d\n%s", status, out)
	}
	// Nothing left at the error level: status 0.
	root2 := writeSite(t, map[string]string{"src/backend/events.js": "export function wixBilling_onInvoicePayed(event) {}\n"})
	if _, _, status := runCmd(t, "check", "--fix", root2); status != 0 {
		t.Errorf("--fix with everything fixed: status %d", status)
	}
	if _, errOut, status := runCmd(t, "check", "--fix", "--diff", root2); status != 2 || !strings.Contains(errOut, "exclude each other") {
		t.Errorf("--fix --diff: status %d, %q", status, errOut)
	}
}

func TestFixKeepsPermissions(t *testing.T) {
	root := writeSite(t, map[string]string{"src/backend/events.js": "export function wixBilling_onInvoicePayed(event) {}\n"})
	path := filepath.Join(root, "src/backend/events.js")
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	if _, _, status := runCmd(t, "check", "--fix", root); status != 0 {
		t.Fatalf("status %d", status)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v after --fix, want 0640", st.Mode().Perm())
	}
	if b, _ := os.ReadFile(path); !strings.Contains(string(b), "onInvoicePaid") {
		t.Errorf("not fixed: %s", b)
	}
}

// TestFixDoesNotOverwriteASaveMadeDuringTheRun: the file changed after it
// was checked; --fix leaves the user's version.
func TestFixDoesNotOverwriteASaveMadeDuringTheRun(t *testing.T) {
	root := writeSite(t, map[string]string{"src/backend/events.js": "export function wixBilling_onInvoicePayed(event) {}\n"})
	path := filepath.Join(root, "src/backend/events.js")
	run, err := checkPaths(context.Background(), []string{root}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer run.close()
	saved := "export function wixBilling_onInvoicePayed(event) { return 1; }\n"
	if err := os.WriteFile(path, []byte(saved), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb strings.Builder
	applyFixes(run, false, &out, &errb)
	if b, _ := os.ReadFile(path); string(b) != saved {
		t.Errorf("the save was overwritten: %q", b)
	}
	if !strings.Contains(errb.String(), "changed since it was checked") {
		t.Errorf("no word about it: %s", errb.String())
	}
}

func TestNothingOutsideTheRootIsReadPrintedOrWritten(t *testing.T) {
	base := t.TempDir()
	outside := filepath.Join(base, "outside")
	if err := os.MkdirAll(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(outside, "leak.js")
	secretText := "export function wixSecret_onLeakedName(event) {}\n"
	if err := os.WriteFile(secret, []byte(secretText), 0o644); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(base, "site")
	for p, text := range map[string]string{
		"wix.config.json":       "{}",
		"src/backend/events.js": "export * from './leak.js';\nexport function wixBilling_onInvoicePaid(event) {}\n",
	} {
		full := filepath.Join(root, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(secret, filepath.Join(root, "src/backend/leak.js")); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json"} {
		out, errOut, _ := runCmd(t, "check", "--format", format, root)
		if strings.Contains(out+errOut, "wixSecret") {
			t.Errorf("%s: a name from the file outside was printed:\n%s%s", format, out, errOut)
		}
	}
	// Single-file mode on a link that leaves the site: an error, no read.
	if err := os.Symlink(secret, filepath.Join(root, "src/backend/events.ts")); err != nil {
		t.Fatal(err)
	}
	out, errOut, status := runCmd(t, "check", filepath.Join(root, "src/backend/events.ts"))
	if status != 2 || strings.Contains(out+errOut, "wixSecret") || !strings.Contains(errOut, "outside the site") {
		t.Errorf("single file through a link: status %d\n%s%s", status, out, errOut)
	}
	// --fix never writes through it.
	if err := os.WriteFile(secret, []byte("export function wixBilling_onInvoicePayed(event) {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	runCmd(t, "check", "--fix", root)
	runCmd(t, "check", "--fix", filepath.Join(root, "src/backend/events.ts"))
	if b, _ := os.ReadFile(secret); !strings.Contains(string(b), "onInvoicePayed") {
		t.Errorf("--fix wrote to the file outside the root: %s", b)
	}
}

func TestNamedPipesAndDevicesDoNotHangIt(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes in the file system")
	}
	root := writeSite(t, map[string]string{
		"wix.config.json":       "{}",
		"src/backend/events.js": "export * from './pipe.js';\nexport function wixBilling_onInvoicePayed(event) {}\n",
	})
	for _, p := range []string{"src/backend/pipe.js", "src/backend/events.ts", ".velo-lsp.json"} {
		if err := sitefstest.MakeFIFO(filepath.Join(root, p)); err != nil {
			t.Skip("no named pipes here")
		}
	}
	done := make(chan string, 4)
	go func() {
		_, e1, s1 := runCmd(t, "check", root)
		_, e2, s2 := runCmd(t, "check", filepath.Join(root, "src/backend/events.ts"))
		_, e3, s3 := runCmd(t, "check", "/dev/zero")
		done <- strings.Join([]string{e1, e2, e3}, "|")
		if s1 != 2 || s2 != 2 || s3 != 2 {
			done <- "statuses " + string(rune('0'+s1)) + string(rune('0'+s2)) + string(rune('0'+s3))
		}
		close(done)
	}()
	select {
	case msg := <-done:
		if !strings.Contains(msg, "not a regular file") {
			t.Errorf("errors: %s", msg)
		}
		if more, ok := <-done; ok {
			t.Errorf("%s, want 2 2 2 (the named pipe config, the pipe named, the device)", more)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("check hung on a named pipe or a device")
	}
}

func TestFlagsAfterPathsAndPathsGivenTwice(t *testing.T) {
	root := writeSite(t, map[string]string{"src/backend/events.js": "export function wixBilling_onInvoicePayed(event) {}\n"})
	out, errOut, status := runCmd(t, "check", root, "--format", "json")
	if status != 1 || !strings.HasPrefix(strings.TrimSpace(out), "{") {
		t.Fatalf("check DIR --format json: status %d, %q %q", status, out, errOut)
	}
	out, _, _ = runCmd(t, "check", "--format", "json", root, root)
	if strings.Count(out, "VELO001") != 1 || !strings.Contains(out, `"files": 1,`) {
		t.Errorf("the same path twice is checked twice:\n%s", out)
	}
	if _, errOut, status := runCmd(t, "check", "--", "--format"); status != 2 || !strings.Contains(errOut, "--format") {
		t.Errorf("after --, a path: status %d %q", status, errOut)
	}
}

// TestTextFromTheFileCannotActInTheOutput: a specifier holding a line
// break and a workflow command, and an ESC sequence, show as escapes.
func TestTextFromTheFileCannotActInTheOutput(t *testing.T) {
	root := writeSite(t, map[string]string{"src/backend/events.js": "export { x as wixBilling_onInvoicePaid } from '@velo/a\\n::error file=X::owned\\u001b[31m';\n"})
	for _, format := range []string{"text", "github"} {
		out, _, _ := runCmd(t, "check", "--no-color", "--format", format, root)
		if strings.Contains(out, "\x1b") {
			t.Errorf("%s: a raw ESC reached the output:\n%q", format, out)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "::error file=X") {
				t.Errorf("%s: a line of the file became a workflow command:\n%s", format, out)
			}
		}
		if !strings.Contains(out, `\x0a::error file=X::owned\x1b[31m`) {
			t.Errorf("%s: the specifier is not shown escaped:\n%s", format, out)
		}
	}
}

// TestAFileSwappedForALinkIsNotFollowed: while check runs, a file reached
// through `export *` is swapped back and forth between an ordinary file
// and a link out of the root. The check happens at the read, so no run
// ever prints a name from outside.
func TestAFileSwappedForALinkIsNotFollowed(t *testing.T) {
	base := t.TempDir()
	secret := filepath.Join(base, "secret.js")
	if err := os.WriteFile(secret, []byte("export function wixSecret_onLeakedName(event) {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(base, "site")
	os.MkdirAll(filepath.Join(root, "src/backend"), 0o755)
	os.WriteFile(filepath.Join(root, "wix.config.json"), []byte("{}"), 0o644)
	os.WriteFile(filepath.Join(root, "src/backend/events.js"), []byte("export * from './more.js';\n"), 0o644)
	more := filepath.Join(root, "src/backend/more.js")
	harmless := []byte("export function wixBilling_onInvoicePayed(event) {}\n")
	os.WriteFile(more, harmless, 0o644)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tmp := more + ".swap"
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if i%2 == 0 {
				os.Symlink(secret, tmp)
			} else {
				os.WriteFile(tmp, harmless, 0o644)
			}
			os.Rename(tmp, more) // atomic: more.js is always one or the other
		}
	}()
	for i := 0; i < 60; i++ {
		out, errOut, _ := runCmd(t, "check", "--format", "json", root)
		if strings.Contains(out+errOut, "wixSecret") {
			close(stop)
			<-done
			t.Fatalf("run %d printed a name from outside the root:\n%s%s", i, out, errOut)
		}
	}
	close(stop)
	<-done
}
