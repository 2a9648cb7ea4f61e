package release

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestPreCommitHookPinsThisRelease: the pre-commit hook installs the npm
// package of the release it is tagged with, so .pre-commit-hooks.yaml, the
// root package.json that pre-commit needs beside it and release/VERSION
// must name the same version.
func TestPreCommitHookPinsThisRelease(t *testing.T) {
	b, err := os.ReadFile("VERSION")
	if err != nil {
		t.Fatal(err)
	}
	version := strings.TrimSpace(string(b))
	hooks, err := os.ReadFile("../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	pins := regexp.MustCompile(`"velo-lsp@([^"]+)"`).FindAllStringSubmatch(string(hooks), -1)
	if len(pins) != 1 || pins[0][1] != version {
		t.Errorf(".pre-commit-hooks.yaml pins %v, want exactly velo-lsp@%s (release/VERSION)", pins, version)
	}
	for _, want := range []string{"- id: velo-lsp\n", "  language: node\n", "  entry: velo-lsp check\n", "  pass_filenames: false\n"} {
		if !strings.Contains(string(hooks), want) {
			t.Errorf(".pre-commit-hooks.yaml lacks %q", want)
		}
	}
	var pkg struct {
		Version string
		Private bool
	}
	b, err = os.ReadFile("../package.json")
	if err != nil {
		t.Fatalf("pre-commit's node hooks need a package.json at the repository root: %v", err)
	}
	if err := json.Unmarshal(b, &pkg); err != nil {
		t.Fatal(err)
	}
	if pkg.Version != version || !pkg.Private {
		t.Errorf("root package.json: version %q private %v, want %q and private (it must never be published)", pkg.Version, pkg.Private, version)
	}
}
