package analyzer

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// benchSites is the size of the generated corpus: a folder of sites, each
// with a realistic tree (see siteTree).
const benchSites = 2000

// siteTree returns the files of one generated site under dir. One site in
// four carries a Velo package copy under node_modules/@velo, one in five an
// old-layout backend, one in ten a look-alike.
func siteTree(dir string, i int) map[string]string {
	js := "export function wixStores_onNewOrder(event) {\n  console.log(event.orderId);\n}\n"
	f := map[string]string{
		"wix.config.json":                        `{"siteId":"00000000-0000-0000-0000-000000000000","uiVersion":"6"}`,
		"package.json":                           `{"name":"site","private":true}`,
		".gitignore":                             "node_modules/\n.wix/\n*.log\n",
		"src/backend/events.js":                  js,
		"src/backend/utils.js":                   "export const x = 1;\n",
		"src/backend/orders.web.js":              "export const y = 1;\n",
		"src/backend/http-functions.js":          "export function get_ping() {}\n",
		"src/backend/jobs.config":                `{"jobs":[]}`,
		"src/backend/lib/format.js":              "export const f = 1;\n",
		"src/pages/Home.c1dmp.js":                "$w.onReady(() => {});\n",
		"src/pages/About.k3j2d.js":               "$w.onReady(() => {});\n",
		"src/pages/masterPage.js":                "$w.onReady(() => {});\n",
		"src/public/utils.js":                    "export const u = 1;\n",
		"src/styles/global.css":                  "body {}\n",
		".wix/types/wix-code-types/package.json": "{}",
		".wix/types/masterPage/masterPage.d.ts":  "",
		"node_modules/lodash/index.js":           "module.exports = {};\n",
		"node_modules/lodash/package.json":       "{}",
		"debug.log":                              "log\n",
	}
	if i%4 == 0 {
		f["node_modules/@velo/twitter-integration/backend/events.js"] = js
		f["node_modules/@velo/twitter-integration/backend/tweet.jsw"] = "export function tweet() {}\n"
		f["node_modules/@velo/twitter-integration/public/index.js"] = "export const p = 1;\n"
	}
	if i%5 == 0 {
		f["backend/events.js"] = js
	}
	if i%10 == 0 {
		f["src/backend/events.web.js"] = js
	}
	out := map[string]string{}
	for k, v := range f {
		out[dir+"/"+k] = v
	}
	return out
}

// benchCorpus returns the generated tree and the number of candidates
// Discover must find in it.
func benchCorpus() (map[string]string, int) {
	files := map[string]string{}
	want := 0
	for i := range benchSites {
		for k, v := range siteTree(fmt.Sprintf("sites/s%04d", i), i) {
			files[k] = v
			if role, _ := Classify(k, Config{}); role != RoleNone && !strings.Contains(k, "/node_modules/lodash/") {
				want++
			}
		}
	}
	return files, want
}

// indexedFS is a MapFS with a precomputed folder index: MapFS lists a folder
// by scanning every path in the map, which costs O(files) per folder and
// would make the benchmark measure MapFS rather than Discover.
type indexedFS struct {
	fstest.MapFS
	dirs map[string][]fs.DirEntry
}

func newIndexedFS(m fstest.MapFS) *indexedFS {
	x := &indexedFS{MapFS: m, dirs: map[string][]fs.DirEntry{}}
	seen := map[string]bool{}
	for name, f := range m {
		child := name
		info := fs.FileInfo(fileInfo{path.Base(name), f.Mode, int64(len(f.Data))})
		for {
			dir := path.Dir(child)
			if !seen[child] {
				seen[child] = true
				x.dirs[dir] = append(x.dirs[dir], fs.FileInfoToDirEntry(info))
			}
			if dir == "." {
				break
			}
			info = fileInfo{path.Base(dir), fs.ModeDir | 0o755, 0}
			child = dir
		}
	}
	for _, ents := range x.dirs {
		slices.SortFunc(ents, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	}
	return x
}

func (x *indexedFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if ents, ok := x.dirs[name]; ok {
		return ents, nil
	}
	return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
}

func (x *indexedFS) Lstat(name string) (fs.FileInfo, error) {
	if _, ok := x.dirs[name]; ok {
		return fileInfo{path.Base(name), fs.ModeDir | 0o755, 0}, nil
	}
	return x.MapFS.Lstat(name)
}

type fileInfo struct {
	name string
	mode fs.FileMode
	size int64
}

func (f fileInfo) Name() string       { return f.name }
func (f fileInfo) Size() int64        { return f.size }
func (f fileInfo) Mode() fs.FileMode  { return f.mode }
func (f fileInfo) ModTime() time.Time { return time.Time{} }
func (f fileInfo) IsDir() bool        { return f.mode.IsDir() }
func (f fileInfo) Sys() any           { return nil }

// BenchmarkDiscover walks 2,000 generated sites (about 40,000 files):
//
//	mapfs    fstest.MapFS with a folder index (Discover's own cost)
//	dirfs    os.DirFS over the same tree written to a temporary folder
//
// Each run checks the candidate count, so a benchmark of a broken walk fails.
func BenchmarkDiscover(b *testing.B) {
	files, want := benchCorpus()
	m := fstest.MapFS{}
	for k, v := range files {
		m[k] = &fstest.MapFile{Data: []byte(v), Mode: 0o644}
	}
	run := func(b *testing.B, fsys fs.FS) {
		b.ReportAllocs()
		for b.Loop() {
			cands, diags, err := Discover(context.Background(), fsys, Config{})
			if err != nil {
				b.Fatal(err)
			}
			if len(cands) != want || len(diags) != 0 {
				b.Fatalf("%d candidates and %d diagnostics, want %d and 0", len(cands), len(diags), want)
			}
		}
		b.ReportMetric(float64(len(files)), "files")
		b.ReportMetric(float64(want), "candidates")
	}
	b.Run("mapfs", func(b *testing.B) { run(b, newIndexedFS(m)) })
	b.Run("dirfs", func(b *testing.B) {
		root := b.TempDir()
		for k, v := range files {
			p := filepath.Join(root, filepath.FromSlash(k))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(v), 0o644); err != nil {
				b.Fatal(err)
			}
		}
		run(b, os.DirFS(root))
	})
}
