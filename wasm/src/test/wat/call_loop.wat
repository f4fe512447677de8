;; An infinite loop of calls to a function of its own (no host call): interruption at calls.
(module
  (func $step (param i64) (result i64) (i64.add (local.get 0) (i64.const 1)))
  (func (export "_start")
    (local $i i64)
    (loop $forever
      (local.set $i (call $step (local.get $i)))
      (br $forever))))
