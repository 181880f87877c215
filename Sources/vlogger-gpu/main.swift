import GPU
let instance = try GPUInstance()
for d in instance.devices { print(d.index, d.name, d.kind, d.driverName) }
