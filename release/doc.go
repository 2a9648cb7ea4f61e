// Package release holds release/build.sh, which builds what users install
// (native binaries, the WebAssembly build, the npm packages and the VS Code
// extensions), and the tests of those artefacts as users get them: the npm
// tarballs installed into a fresh folder and run through npx, with and
// without the platform package. It has no Go API.
package release
