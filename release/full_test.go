package release

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestFullBuild builds every platform and every .vsix, as a release does,
// and checks what came out: each binary is an executable for its platform
// (a Mach-O for arm64, a PE32+ for Windows...), each package and extension
// holds its own binary, SHA256SUMS covers exactly the files made; then it
// rebuilds one cross-compiled platform with an empty Go build cache and
// expects the same bytes. Six cross builds take minutes, so it runs only
// with VELO_RELEASE_FULL=1. VELO_RELEASE_OUT=DIR checks an existing
// build.sh output instead (a release about to be published, or a broken one
// to see the checks fail), without the rebuild.
func TestFullBuild(t *testing.T) {
	existing := os.Getenv("VELO_RELEASE_OUT")
	if os.Getenv("VELO_RELEASE_FULL") != "1" && existing == "" {
		t.Skip("the full release build (6 platforms, wasm, 7 .vsix) runs with VELO_RELEASE_FULL=1")
	}
	needTools(t)
	var out, v string
	if existing != "" {
		out = existing
		v = versionOfOutput(t, out)
	} else {
		out = filepath.Join(tmpRoot, "full")
		v = versionFrom(t, build(t, out))
	}

	want := []string{"bin/velo-lsp.wasm", "npm/velo-lsp-" + v + ".tgz", "vsix/velo-lsp-universal-" + v + ".vsix"}
	for _, p := range allPlatforms {
		want = append(want, "bin/velo-lsp-"+p.name+extOf(p.os), "npm/velo-lsp-"+p.name+"-"+v+".tgz", "vsix/velo-lsp-"+p.name+"-"+v+".vsix")
	}
	sort.Strings(want)
	sums := readSums(t, filepath.Join(out, "SHA256SUMS"))
	var listed []string
	for f := range sums {
		listed = append(listed, f)
	}
	sort.Strings(listed)
	if strings.Join(listed, "\n") != strings.Join(want, "\n") {
		t.Errorf("SHA256SUMS lists\n  %s\nwant\n  %s", strings.Join(listed, "\n  "), strings.Join(want, "\n  "))
	}
	var made []string
	for _, dir := range []string{"bin", "npm", "vsix"} {
		ents, err := os.ReadDir(filepath.Join(out, dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			made = append(made, dir+"/"+e.Name())
		}
	}
	sort.Strings(made)
	if strings.Join(made, "\n") != strings.Join(want, "\n") {
		t.Errorf("build.sh made\n  %s\nwant\n  %s", strings.Join(made, "\n  "), strings.Join(want, "\n  "))
	}
	for f, sum := range sums {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if got := sha256.Sum256(b); hex.EncodeToString(got[:]) != sum {
			t.Errorf("SHA256SUMS: %s does not match", f)
		}
	}
	if sh, err := exec.LookPath("sha256sum"); err == nil {
		cmd := exec.Command(sh, "--check", "--strict", "SHA256SUMS")
		cmd.Dir = out
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("sha256sum --check SHA256SUMS: %v\n%s", err, b)
		}
	}

	for _, p := range allPlatforms {
		bin := filepath.Join(out, "bin", "velo-lsp-"+p.name+extOf(p.os))
		checkExecutable(t, bin, p.os, p.cpu)
		if file, err := exec.LookPath("file"); err == nil {
			b, _ := exec.Command(file, "-b", bin).Output()
			desc := strings.TrimSpace(string(b))
			t.Logf("file %s: %s", filepath.Base(bin), desc)
			wantFile := map[string]string{
				"darwin-arm64": "Mach-O 64-bit arm64 executable",
				"darwin-x64":   "Mach-O 64-bit x86_64 executable",
				"win32-x64":    "PE32+ executable",
				"win32-arm64":  "PE32+ executable",
				"linux-x64":    "ELF 64-bit LSB executable, x86-64",
				"linux-arm64":  "ELF 64-bit LSB executable, ARM aarch64",
			}[p.name]
			if !strings.Contains(desc, wantFile) {
				t.Errorf("file %s: %q, want it to contain %q", filepath.Base(bin), desc, wantFile)
			}
		}
		checkPlatformTarball(t, out, p.name, v)
		checkPlatformVSIX(t, out, p.name, p.os, v)
	}
	wasm, err := os.ReadFile(filepath.Join(out, "bin", "velo-lsp.wasm"))
	if err != nil || !bytes.HasPrefix(wasm, []byte("\x00asm\x01\x00\x00\x00")) {
		t.Errorf("bin/velo-lsp.wasm is not a WebAssembly module (%v)", err)
	}
	universal := readZip(t, filepath.Join(out, "vsix", "velo-lsp-universal-"+v+".vsix"))
	for name := range universal {
		if strings.HasPrefix(name, "extension/server/") {
			t.Errorf("the universal .vsix holds %s; it must ship no server", name)
		}
	}
	if m := string(universal["extension.vsixmanifest"]); strings.Contains(m, "TargetPlatform=") || !strings.Contains(m, `Version="`+v+`"`) {
		t.Errorf("the universal .vsix manifest names a target platform or not version %s", v)
	}

	if existing != "" {
		t.Log("VELO_RELEASE_OUT: an existing output, not rebuilt to check that it is reproducible")
		return
	}
	// Reproducible: the same commit gives the same bytes, even from an
	// empty build cache (so nothing comes from a cached link).
	again := filepath.Join(tmpRoot, "again")
	build(t, again, "VELO_PLATFORMS=linux-arm64", "VELO_NO_VSIX=1", "GOCACHE="+t.TempDir())
	for _, f := range []string{"bin/velo-lsp-linux-arm64", "bin/velo-lsp.wasm", "npm/velo-lsp-linux-arm64-" + v + ".tgz"} {
		a, err1 := os.ReadFile(filepath.Join(out, f))
		b, err2 := os.ReadFile(filepath.Join(again, f))
		if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between two builds of the same commit (%v, %v)", f, err1, err2)
		}
	}
}

// versionOfOutput reads the version from the main package's file name.
func versionOfOutput(t *testing.T, out string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(out, "npm", "velo-lsp-[0-9]*.tgz"))
	if len(m) != 1 {
		t.Fatalf("%s/npm: want one velo-lsp-<version>.tgz, found %v", out, m)
	}
	return strings.TrimSuffix(strings.TrimPrefix(filepath.Base(m[0]), "velo-lsp-"), ".tgz")
}

func readSums(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	line := regexp.MustCompile(`^([0-9a-f]{64})  (\S+)$`)
	sums := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			t.Errorf("SHA256SUMS: not a sha256sum line: %q", sc.Text())
			continue
		}
		sums[m[2]] = m[1]
	}
	return sums
}

// checkExecutable opens the binary with Go's own readers of each format.
func checkExecutable(t *testing.T, path, goos, cpu string) {
	t.Helper()
	name := filepath.Base(path)
	switch goos {
	case "linux":
		f, err := elf.Open(path)
		if err != nil {
			t.Errorf("%s is not ELF: %v", name, err)
			return
		}
		defer f.Close()
		want := map[string]elf.Machine{"x64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}[cpu]
		if f.Machine != want || f.Type != elf.ET_EXEC {
			t.Errorf("%s: ELF %v %v, want an %v executable", name, f.Machine, f.Type, want)
		}
		if f.Section(".interp") != nil {
			t.Errorf("%s asks for a dynamic loader; it must be static (CGO_ENABLED=0)", name)
		}
	case "darwin":
		f, err := macho.Open(path)
		if err != nil {
			t.Errorf("%s is not Mach-O: %v", name, err)
			return
		}
		defer f.Close()
		want := map[string]macho.Cpu{"x64": macho.CpuAmd64, "arm64": macho.CpuArm64}[cpu]
		if f.Cpu != want || f.Type != macho.TypeExec {
			t.Errorf("%s: Mach-O %v type %v, want an %v executable", name, f.Cpu, f.Type, want)
		}
	case "win32":
		f, err := pe.Open(path)
		if err != nil {
			t.Errorf("%s is not PE: %v", name, err)
			return
		}
		defer f.Close()
		want := map[string]uint16{"x64": pe.IMAGE_FILE_MACHINE_AMD64, "arm64": pe.IMAGE_FILE_MACHINE_ARM64}[cpu]
		if _, plus := f.OptionalHeader.(*pe.OptionalHeader64); !plus || f.Machine != want {
			t.Errorf("%s: PE machine %#x (PE32+: %v), want %#x PE32+", name, f.Machine, plus, want)
		}
	}
}

// checkPlatformVSIX: the platform's .vsix holds that platform's binary
// where the extension looks for it, and says which target it is for.
func checkPlatformVSIX(t *testing.T, out, platform, goos, version string) {
	t.Helper()
	files := readZip(t, filepath.Join(out, "vsix", "velo-lsp-"+platform+"-"+version+".vsix"))
	exe := "velo-lsp" + extOf(goos)
	got, ok := files["extension/server/"+platform+"/"+exe]
	if !ok {
		t.Errorf("velo-lsp-%s.vsix lacks extension/server/%s/%s", platform, platform, exe)
		return
	}
	want, _ := os.ReadFile(filepath.Join(out, "bin", "velo-lsp-"+platform+extOf(goos)))
	if !bytes.Equal(got, want) {
		t.Errorf("velo-lsp-%s.vsix: its server is not bin/velo-lsp-%s", platform, platform)
	}
	for name := range files {
		if strings.HasPrefix(name, "extension/server/") && name != "extension/server/"+platform+"/"+exe {
			t.Errorf("velo-lsp-%s.vsix also holds %s", platform, name)
		}
	}
	m := string(files["extension.vsixmanifest"])
	if !strings.Contains(m, `TargetPlatform="`+platform+`"`) || !strings.Contains(m, `Version="`+version+`"`) {
		t.Errorf("velo-lsp-%s.vsix manifest does not say TargetPlatform=%q Version=%q", platform, platform, version)
	}
	if _, ok := files["extension/dist/extension.js"]; !ok {
		t.Errorf("velo-lsp-%s.vsix lacks the extension's bundle", platform)
	}
}
