// RunPlugin for the Node language host built by scripts/tools/build.sh.
//
// The proxy serves the Node language host only as it was up to Pulumi 3.68 (inside sdk/v3); newer hosts
// are a module of their own that it does not serve. The 3.68 host answers RunPlugin with "not supported",
// and since 3.1xx the Pulumi CLI starts Node policy packs through RunPlugin, so `pulumi up --policy-pack`
// fails on it. This file replaces that one method, written for this project from the protocol: it reads
// the request fields newer CLIs send (`info`, `kind`), which the 3.68 message types keep as unknown fields,
// runs the Node SDK's own entry point for the plugin kind from the plugin's node_modules, and streams its
// output and exit code back. Everything else in the host is the 3.68 source as published.

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/encoding/protowire"
)

// Field numbers of RunPluginRequest and ProgramInfo in pulumi/language.proto (3.1xx and later).
const (
	runPluginInfoField    = 5
	runPluginKindField    = 6
	programInfoDirectory  = 2
	programInfoEntryPoint = 3
)

type pluginRequest struct {
	programDirectory string
	entryPoint       string
	kind             string
}

// readUnknown decodes the fields of a newer RunPluginRequest that the 3.68 types do not know.
func readUnknown(raw []byte) (pluginRequest, error) {
	var out pluginRequest
	for len(raw) > 0 {
		num, typ, n := protowire.ConsumeTag(raw)
		if n < 0 {
			return out, protowire.ParseError(n)
		}
		raw = raw[n:]
		if typ != protowire.BytesType {
			m := protowire.ConsumeFieldValue(num, typ, raw)
			if m < 0 {
				return out, protowire.ParseError(m)
			}
			raw = raw[m:]
			continue
		}
		value, m := protowire.ConsumeBytes(raw)
		if m < 0 {
			return out, protowire.ParseError(m)
		}
		raw = raw[m:]
		switch num {
		case runPluginKindField:
			out.kind = string(value)
		case runPluginInfoField:
			for len(value) > 0 {
				inum, ityp, k := protowire.ConsumeTag(value)
				if k < 0 {
					return out, protowire.ParseError(k)
				}
				value = value[k:]
				if ityp != protowire.BytesType {
					k = protowire.ConsumeFieldValue(inum, ityp, value)
					if k < 0 {
						return out, protowire.ParseError(k)
					}
					value = value[k:]
					continue
				}
				field, k := protowire.ConsumeBytes(value)
				if k < 0 {
					return out, protowire.ParseError(k)
				}
				value = value[k:]
				switch inum {
				case programInfoDirectory:
					out.programDirectory = string(field)
				case programInfoEntryPoint:
					out.entryPoint = string(field)
				}
			}
		}
	}
	return out, nil
}

// findSDKEntry looks for node_modules/@pulumi/pulumi/cmd/<entry> from dir upwards, as Node resolves it.
func findSDKEntry(dir, entry string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		candidate := filepath.Join(d, "node_modules", "@pulumi", "pulumi", "cmd", entry)
		if _, err := os.Stat(candidate); err == nil {
			return candidate, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("it looks like the plugin's dependencies are not installed: "+
				"@pulumi/pulumi/cmd/%s was not found from %s up", entry, dir)
		}
	}
}

// streamWriter sends what a stream receives as RunPluginResponse messages; stdout and stderr are copied by
// goroutines of their own, and a gRPC stream takes one sender at a time.
type streamWriter struct {
	mu   *sync.Mutex
	send func([]byte) error
}

func (w streamWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.send(bytes.Clone(p)); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (host *nodeLanguageHost) RunPlugin(
	req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer,
) error {
	fields, err := readUnknown(req.ProtoReflect().GetUnknown())
	if err != nil {
		return fmt.Errorf("reading the plugin request: %w", err)
	}
	dir := fields.programDirectory
	if dir == "" {
		dir = req.GetPwd()
	}
	entry := "run-plugin"
	if fields.kind == "analyzer" {
		entry = "run-policy-pack"
	}
	script, err := findSDKEntry(dir, entry)
	if err != nil {
		return err
	}
	program := dir
	if fields.entryPoint != "" && fields.entryPoint != "." {
		program = filepath.Join(dir, fields.entryPoint)
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return fmt.Errorf("could not find node on the $PATH: %w", err)
	}
	args := append([]string{script}, req.GetArgs()...)
	args = append(args, program)

	//nolint:gosec // the engine decides what runs, as with Run.
	cmd := exec.Command(nodeBin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), req.GetEnv()...)
	var mu sync.Mutex
	cmd.Stdout = streamWriter{mu: &mu, send: func(b []byte) error {
		return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}})
	}}
	cmd.Stderr = streamWriter{mu: &mu, send: func(b []byte) error {
		return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: b}})
	}}
	code := int32(0)
	if err := cmd.Run(); err != nil {
		exitErr, ok := err.(*exec.ExitError)
		if !ok {
			return err
		}
		code = int32(exitErr.ExitCode())
	}
	return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: code}})
}

var _ io.Writer = streamWriter{}
