//go:build !linux

package main

import "errors"

// pin keeps the calling thread on a CPU: on Linux only.
func pin(int) error { return errors.New("pinning a thread to a CPU needs Linux") }
