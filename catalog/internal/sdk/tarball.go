package sdk

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// Limits on what ReadTarball accepts. An @wix/auto_sdk_* tarball is a few
// MB unpacked; these leave wide room and still bound memory.
const (
	MaxFileSize  = 32 << 20  // one file, unpacked
	MaxTotalSize = 256 << 20 // all files, unpacked
	MaxFiles     = 20000
)

// ReadTarball reads an npm package tarball (.tgz) into memory: regular
// files only, keyed by their path relative to the package root (npm packs
// everything under one top folder, usually "package/", which is dropped).
// Paths are cleaned; one that is absolute or leaves the root is an error,
// and so is exceeding the size limits. Nothing is written to disk.
func ReadTarball(tgz []byte) (map[string][]byte, error) {
	return readTarball(tgz, tarLimits{MaxFileSize, MaxTotalSize, MaxFiles})
}

type tarLimits struct{ file, total, files int }

func readTarball(tgz []byte, lim tarLimits) (map[string][]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return nil, fmt.Errorf("sdk tarball: %w", err)
	}
	defer zr.Close()
	tr := tar.NewReader(zr)
	files := map[string][]byte{}
	total := 0
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("sdk tarball: %w", err)
		}
		if h.Typeflag != tar.TypeReg { // the reader reports the old TypeRegA as TypeReg
			continue // folders, links, devices: nothing to read
		}
		name, err := cleanTarPath(h.Name)
		if err != nil {
			return nil, err
		}
		if name == "" {
			continue
		}
		if len(files) >= lim.files {
			return nil, fmt.Errorf("sdk tarball: more than %d files", lim.files)
		}
		if h.Size > int64(lim.file) {
			return nil, fmt.Errorf("sdk tarball: %s: %d bytes, over the %d limit", name, h.Size, lim.file)
		}
		data, err := io.ReadAll(io.LimitReader(tr, int64(lim.file)+1))
		if err != nil {
			return nil, fmt.Errorf("sdk tarball: %s: %w", name, err)
		}
		if len(data) > lim.file {
			return nil, fmt.Errorf("sdk tarball: %s: over the %d-byte limit", name, lim.file)
		}
		total += len(data)
		if total > lim.total {
			return nil, fmt.Errorf("sdk tarball: more than %d bytes unpacked", lim.total)
		}
		files[name] = data
	}
	return files, nil
}

// cleanTarPath drops the top folder and cleans the rest; "" for the top
// folder itself.
func cleanTarPath(name string) (string, error) {
	n := strings.ReplaceAll(name, "\\", "/")
	if strings.HasPrefix(n, "/") {
		return "", fmt.Errorf("sdk tarball: absolute path %q", name)
	}
	for _, part := range strings.Split(n, "/") {
		if part == ".." {
			return "", fmt.Errorf("sdk tarball: path %q leaves the package", name)
		}
	}
	n = path.Clean(n)
	i := strings.IndexByte(n, '/')
	if i < 0 {
		return "", nil // a file beside the top folder: not part of the package
	}
	return n[i+1:], nil
}
