package sdk

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
)

type tarEntry struct {
	name string
	body string
	flag byte // tar.TypeReg when zero
	link string
}

func makeTgz(t *testing.T, entries ...tarEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, e := range entries {
		h := &tar.Header{Name: e.name, Mode: 0o644, Size: int64(len(e.body)), Typeflag: e.flag, Linkname: e.link}
		if e.flag == 0 {
			h.Typeflag = tar.TypeReg
		}
		if h.Typeflag != tar.TypeReg {
			h.Size = 0
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Size > 0 {
			if _, err := tw.Write([]byte(e.body)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadTarballDropsTheTopFolderAndKeepsRegularFiles(t *testing.T) {
	tgz := makeTgz(t,
		tarEntry{name: "package/", flag: tar.TypeDir},
		tarEntry{name: "package/package.json", body: `{"name":"x"}`},
		tarEntry{name: "package/build/./cjs//index.d.ts", body: "export {};"},
		tarEntry{name: "package/link.d.ts", flag: tar.TypeSymlink, link: "/etc/passwd"},
		tarEntry{name: "package/hard.d.ts", flag: tar.TypeLink, link: "package/package.json"},
		tarEntry{name: "stray.txt", body: "beside the top folder"},
	)
	files, err := ReadTarball(tgz)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for n := range files {
		names = append(names, n)
	}
	if len(files) != 2 || string(files["package.json"]) != `{"name":"x"}` || string(files["build/cjs/index.d.ts"]) != "export {};" {
		t.Errorf("files = %q", names)
	}
}

func TestReadTarballRefuses(t *testing.T) {
	cases := []struct {
		name  string
		tgz   func() []byte
		lim   tarLimits
		error string
	}{
		{"a path that leaves the package", func() []byte { return makeTgz(t, tarEntry{name: "package/../../etc/x", body: "x"}) }, tarLimits{100, 100, 10}, "leaves the package"},
		{"an absolute path", func() []byte { return makeTgz(t, tarEntry{name: "/package/x", body: "x"}) }, tarLimits{100, 100, 10}, "absolute"},
		{"a file over the size limit", func() []byte { return makeTgz(t, tarEntry{name: "package/big", body: strings.Repeat("x", 101)}) }, tarLimits{100, 1000, 10}, "over the 100 limit"},
		{"too much in total", func() []byte {
			return makeTgz(t, tarEntry{name: "package/a", body: strings.Repeat("x", 60)}, tarEntry{name: "package/b", body: strings.Repeat("x", 60)})
		}, tarLimits{100, 100, 10}, "more than 100 bytes"},
		{"too many files", func() []byte {
			return makeTgz(t, tarEntry{name: "package/a", body: "1"}, tarEntry{name: "package/b", body: "2"}, tarEntry{name: "package/c", body: "3"})
		}, tarLimits{100, 100, 2}, "more than 2 files"},
		{"something that is not gzip", func() []byte { return []byte("not a tarball") }, tarLimits{100, 100, 10}, "gzip"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := readTarball(c.tgz(), c.lim)
			if err == nil || !strings.Contains(err.Error(), c.error) {
				t.Errorf("err = %v, want one mentioning %q", err, c.error)
			}
		})
	}
}
