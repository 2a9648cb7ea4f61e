package release

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"
)

type entry struct {
	mode int64
	data []byte
}

// readTarball returns an npm tarball's files by name (package/...).
func readTarball(t *testing.T, path string) map[string]entry {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	tr := tar.NewReader(gz)
	files := map[string]entry{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		files[h.Name] = entry{h.Mode, b}
	}
	return files
}

// checkPlatformTarball: the platform package holds the very binary of
// bin/, executable, and says which os and cpu it is for.
func checkPlatformTarball(t *testing.T, out, platform, version string) {
	t.Helper()
	var p struct{ name, os, cpu string }
	for _, q := range allPlatforms {
		if q.name == platform {
			p = q
		}
	}
	exe := "velo-lsp"
	if p.os == "win32" {
		exe = "velo-lsp.exe"
	}
	files := readTarball(t, filepath.Join(out, "npm", "velo-lsp-"+platform+"-"+version+".tgz"))
	var m struct {
		Name, Version string
		OS, CPU       []string
	}
	if err := json.Unmarshal(files["package/package.json"].data, &m); err != nil {
		t.Fatalf("@velo-lsp/%s package.json: %v", platform, err)
	}
	if m.Name != "@velo-lsp/"+platform || m.Version != version || len(m.OS) != 1 || m.OS[0] != p.os || len(m.CPU) != 1 || m.CPU[0] != p.cpu {
		t.Errorf("@velo-lsp/%s package.json: name %q version %q os %v cpu %v", platform, m.Name, m.Version, m.OS, m.CPU)
	}
	bin, ok := files["package/bin/"+exe]
	if !ok {
		t.Fatalf("@velo-lsp/%s lacks bin/%s", platform, exe)
	}
	if bin.mode&0o111 == 0 {
		t.Errorf("@velo-lsp/%s: bin/%s has mode %o, not executable", platform, exe, bin.mode)
	}
	want, err := os.ReadFile(filepath.Join(out, "bin", "velo-lsp-"+platform+extOf(p.os)))
	if err != nil {
		t.Fatal(err)
	}
	if string(bin.data) != string(want) {
		t.Errorf("@velo-lsp/%s: bin/%s is not bin/velo-lsp-%s", platform, exe, platform)
	}
}

func extOf(os string) string {
	if os == "win32" {
		return ".exe"
	}
	return ""
}

// readZip returns a .vsix's files by name.
func readZip(t *testing.T, path string) map[string][]byte {
	t.Helper()
	r, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	files := map[string][]byte{}
	for _, f := range r.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = b
	}
	return files
}
