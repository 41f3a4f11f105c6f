#ifndef WEIGHTATLAS_CHDF5_SHIM_H
#define WEIGHTATLAS_CHDF5_SHIM_H
// Debian 12's libhdf5-dev is 1.10.8 (serial flavour, headers in /usr/include/hdf5/serial, from
// pkg-config `hdf5`). Swift calls the versioned names (H5Ovisit2, H5Eset_auto2, H5Ewalk2),
// never the unversioned macros, so the API does not move under us.
#include <hdf5.h>

// Macros Swift cannot import: the native type ids are globals behind H5open().
static inline hid_t weightatlas_h5p_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t weightatlas_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t weightatlas_h5s_all(void) { return H5S_ALL; }
static inline hid_t weightatlas_h5e_default(void) { return H5E_DEFAULT; }
static inline unsigned weightatlas_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
#endif
