//go:build !(linux && (amd64 || arm64))

package sitefs

import (
	"io/fs"
	"os"
)

// beneath is the fast path of the opener where the platform has one (see
// beneath_linux.go); here there is none, and os.Root does every open.
type beneath struct{}

func newBeneath(*os.Root) *beneath { return &beneath{} }

func (*beneath) close() {}

func (*beneath) readRegular(string, string, string, int64) ([]byte, fs.FileInfo, bool, error) {
	return nil, nil, false, nil
}

func (*beneath) readDir(string, string, string) ([]fs.DirEntry, bool, error) { return nil, false, nil }
