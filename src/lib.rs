//! cmp-dashboard SPA (temporary stub while the workspace is assembled).
