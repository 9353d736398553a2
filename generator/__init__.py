"""gongkai: petition-office disclosure sites, official notice PDFs and open data.

numpy (under pandas) starts a pool of OpenBLAS threads on import. gongkai's sums need
none of them, and a process with one thread can start its PDF workers by fork, with
every module already imported (see generator.gongwen.jobs.render_all). So the pool is kept to one
thread unless the user chose otherwise.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
