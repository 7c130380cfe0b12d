"""Archives to GB/T 18894 (001 6.5.1): the 档号 of every case archive, its
retention, the register, transfer to the archive office and approved destruction."""
