"""chatsignals: assistant conversations in, privacy-checked IAB interests out."""

import os

# Extraction multiplies small matrices, a batch at a time: more BLAS threads do not make
# that faster (measured: 169 µs a message with one, 181 with two), and OpenBLAS's extra
# threads spin while they wait, taking a whole core from the store, the API and other
# workers (twice the CPU per message). One thread unless the deployment says otherwise;
# set before numpy is first imported, which no chatsignals module does before this.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
# The same for tokenizing: the tokenizers library hands each batch to a pool of a thread
# per core and waits. Our processes already divide the cores among themselves (a Ray
# worker per core, queue workers, the server's threads); beside them the pool's threads
# waited for cores and kept their callers waiting. Two backfill workers on two cores
# lost 7-10 % of a core to it and reached 1.79-1.86 times one worker; tokenizing on
# the caller's thread, 1.89-1.95 (one worker's rate the same). It reads the variable
# at each call.
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

__version__ = "0.1.0"
