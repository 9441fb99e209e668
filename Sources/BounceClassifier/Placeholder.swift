public enum BounceClassifierPlaceholder {}
