// Package sdk reads the typings of the @wix/auto_sdk_* npm packages: the
// events each package declares (name, event type, envelope type, the
// markers its JSDoc carries) and every type reachable from their
// envelopes, with nothing but Go (no Node, no cgo).
//
// The flow: Client.FetchVerified downloads a pinned version and
// checks it against the registry's sha512 dist.integrity; ReadTarball
// unpacks it in memory; Extract parses its .d.ts files with the package's
// own tokenizer and parser (lex.go, parse.go) and resolves names across
// them; MarshalDigest writes the committed form under catalog/sources/sdk/.
// Sync does all of it for every pin in catalog/sources/sdk.json (the
// sdkpin command). The SDK does not state Velo handler prefixes, and
// nothing here derives one.
package sdk
