;; Grows its memory one page at a time until memory.grow fails, and exits with the page count / 16 (1 MiB units).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory 1)
  (func (export "_start")
    (block $full
      (loop $more
        (br_if $full (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (br $more)))
    (call $exit (i32.div_u (memory.size) (i32.const 16)))))
