;; Asks for 2000 pages (125 MiB) of memory at start.
(module
  (memory 2000)
  (func (export "_start")))
