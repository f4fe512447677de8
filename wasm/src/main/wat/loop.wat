;; loop.wasm: a tight infinite loop without a single host call, for the kill demo.
(module
  (func (export "_start")
    (local $i i64)
    (loop $forever
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (br $forever))))
