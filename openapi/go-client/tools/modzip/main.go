// Command modzip writes a Go module directory as the module proxy serves it: the files
// @v/VERSION.zip, @v/VERSION.mod, @v/VERSION.info and @v/list under OUT/MODULE-PATH/, so that the
// folder works as GOPROXY=file://OUT for users who take the client from dist/go.
//
// Usage: go run ./modzip MODULE-DIR VERSION OUT
//
// No go command does this; golang.org/x/mod/zip is the go command's own implementation.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/zip"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: modzip MODULE-DIR VERSION OUT")
		os.Exit(2)
	}
	if err := write(os.Args[1], os.Args[2], os.Args[3]); err != nil {
		fmt.Fprintln(os.Stderr, "modzip:", err)
		os.Exit(1)
	}
}

func write(dir, version, out string) error {
	goMod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return err
	}
	path := modfile.ModulePath(goMod)
	escaped, err := module.EscapePath(path)
	if err != nil {
		return err
	}
	target := filepath.Join(out, filepath.FromSlash(escaped), "@v")
	if err := os.MkdirAll(target, 0o755); err != nil {
		return err
	}
	archive, err := os.Create(filepath.Join(target, version+".zip"))
	if err != nil {
		return err
	}
	defer archive.Close()
	if err := zip.CreateFromDir(archive, module.Version{Path: path, Version: version}, dir); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(target, version+".mod"), goMod, 0o644); err != nil {
		return err
	}
	info := fmt.Sprintf("{\"Version\":%q}\n", version)
	if err := os.WriteFile(filepath.Join(target, version+".info"), []byte(info), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(target, "list"), []byte(version+"\n"), 0o644)
}
