/// The version of Pieredze, as `pieredze --version` prints it and a server may report it
/// (semantic versioning: MAJOR.MINOR.PATCH).
public enum PieredzeVersion {
    public static let current = "0.3.0"
}
