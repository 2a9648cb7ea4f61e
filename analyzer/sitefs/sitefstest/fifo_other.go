//go:build !unix

package sitefstest

func makeFIFO(string) error { return ErrNoFIFO }
