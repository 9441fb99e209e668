import ArgumentParser
import BounceClassifier

extension SuppressionPolicy: ExpressibleByArgument {}
extension InputFormat: ExpressibleByArgument {}
