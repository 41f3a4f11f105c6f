// weightatlas-hdf5 FILE OFFSET LENGTH: the HDF5 reader process. WeightAtlas never runs
// libhdf5 in its own process: it starts this one (HDF5.Sandbox), which opens the HDF5 image
// at those bytes of FILE under its own memory and CPU-time limits and streams the datasets
// back on stdout (see HDF5Reader). Install it beside `weightatlas`.
import Foundation
import HDF5Reader

exit(HDF5Reader.run(arguments: Array(CommandLine.arguments.dropFirst())))
