;; Imports a function honk does not provide.
(module
  (import "env" "launch_missiles" (func $f))
  (func (export "_start") (call $f)))
