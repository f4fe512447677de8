;; A start function that traps: instantiation fails.
(module
  (func $boom unreachable)
  (start $boom)
  (func (export "_start")))
