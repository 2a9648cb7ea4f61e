package analyzer

import (
	"context"
	"io/fs"
)

// PLACEHOLDER: replaced by the real implementation.

func AnalyzeFile(in FileInput, cfg Config) *FileResult {
	return &FileResult{Path: in.Path, Role: in.Role}
}

func AnalyzeRepo(ctx context.Context, fsys fs.FS, cfg Config) (*RepoResult, error) {
	return &RepoResult{}, nil
}

func Rules() []*Rule                 { return nil }
func RuleByID(idOrName string) *Rule { return nil }
