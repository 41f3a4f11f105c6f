/// HDF5 (Keras `.h5`, `model.weights.h5` inside `.keras`), the main process's side: the
/// superblock check, the reader process it starts and the stream it reads back
/// (`HDF5.Sandbox`, `HDF5.ReaderStream`, `HDF5.Dataset`). libhdf5 itself is linked only into
/// the `HDF5Reader` module, which only `weightatlas-hdf5` (the reader process) uses.
package enum HDF5 {}
