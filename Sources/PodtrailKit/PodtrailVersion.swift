/// podtrail's version, shown by `podtrail --version`.
public enum PodtrailVersion {
    /// The version string.
    public static let current = "0.1.0"
}
