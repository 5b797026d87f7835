"""chatsignals: assistant conversations in, privacy-checked IAB interests out."""

import os

# Extraction multiplies small matrices, a batch at a time: more BLAS threads do not make
# that faster (measured: 169 µs a message with one, 181 with two), and OpenBLAS's extra
# threads spin while they wait, taking a whole core from the store, the API and other
# workers (twice the CPU per message). One thread unless the deployment says otherwise;
# set before numpy is first imported, which no chatsignals module does before this.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
