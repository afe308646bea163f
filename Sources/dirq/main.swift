import Dirq
print("dirq")
